import Foundation
import StoreProtocols
import STS
import SecureConversation
import TesseraStore

/// `tessera-store-crash-writer DATABASE MASTER-KEY-FILE`: used only by TesseraStoreTests'
/// durability test. Writes to an SQLiteStore without end, one record per call, and after each
/// call returns prints what was acknowledged, one line, straight to the file descriptor:
///
///     token ID
///     context IDENTIFIER SECRET-HEX
///     replay VALUE-HEX
///     issuance ID VALUE-HEX
///
/// The test kills it with SIGKILL mid-stream and checks that every printed record is in the
/// database. Record i has token id `token-i`, context `urn:uuid:context-i` and replay value
/// `replay-i`; token i has subject `subject-i`. An issuance is what the token service writes
/// for a request: token `issued-i` (subject `subject-i`) and the request's replay entry
/// `request-i`, in one transaction.
@main
struct CrashWriter {
    static func main() async {
        let arguments = CommandLine.arguments
        guard arguments.count == 3 else {
            FileHandle.standardError.write(Data("usage: tessera-store-crash-writer DATABASE MASTER-KEY-FILE\n".utf8))
            exit(2)
        }
        do {
            let store = try SQLiteStore(path: arguments[1], masterKey: try MasterKey.loadOrCreate(at: URL(fileURLWithPath: arguments[2])))
            let now = Date(timeIntervalSince1970: 1_750_000_000)
            var index = 0
            while true {
                try await store.insert(
                    IssuedTokenRecord(
                        id: "token-\(index)", tokenType: "urn:test", subject: "subject-\(index)", requestor: "crash-writer",
                        appliesTo: nil, relyingParty: nil, created: now, expires: now.addingTimeInterval(3600), renewable: false))
                acknowledge("token token-\(index)")
                let secret = (0..<32).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ index) }
                try await store.save(
                    SecurityContextRecord(
                        identifier: "urn:uuid:context-\(index)", secret: secret, owner: "crash-writer", created: now,
                        expires: now.addingTimeInterval(3600)))
                acknowledge("context urn:uuid:context-\(index) \(hex(secret))")
                let value = Array("replay-\(index)".utf8)
                guard try await store.insertIfAbsent(value, expiry: now.addingTimeInterval(3600), now: now) else {
                    throw CrashWriterError.replayRefused(index)
                }
                acknowledge("replay \(hex(value))")
                let request = Array("request-\(index)".utf8)
                let issued = try await store.insert(
                    IssuedTokenRecord(
                        id: "issued-\(index)", tokenType: "urn:test", subject: "subject-\(index)", requestor: "crash-writer",
                        appliesTo: nil, relyingParty: nil, created: now, expires: now.addingTimeInterval(3600), renewable: false),
                    recording: [ReplayEntry(value: request, expiry: now.addingTimeInterval(3600))], now: now)
                guard issued == .recorded else { throw CrashWriterError.replayRefused(index) }
                acknowledge("issuance issued-\(index) \(hex(request))")
                index += 1
            }
        } catch {
            FileHandle.standardError.write(Data("tessera-store-crash-writer: \(error)\n".utf8))
            exit(1)
        }
    }

    /// One line to standard output with a single write(2): no user-space buffer to lose.
    static func acknowledge(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }
}

enum CrashWriterError: Error {
    case replayRefused(Int)
}
