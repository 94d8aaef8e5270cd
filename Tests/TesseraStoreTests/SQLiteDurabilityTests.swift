import Foundation
import GRDB
import Testing
import TesseraTestSupport
@testable import TesseraStore

/// An acknowledged write survives `kill -9`: a child process writes and acknowledges records
/// (tokens, contexts, replay entries, and token records written with their request's replay
/// entry in one transaction), is killed with SIGKILL mid-stream, and every record it
/// acknowledged is in the reopened file.
@Suite(.needsExternalProcesses)
struct SQLiteDurabilityTests {
    static let name = "tessera-store-crash-writer"

    /// The helper executable next to the test bundle (`swift build` builds it), or at
    /// `.build/debug/`.
    static let executable: URL? = {
        [
            Bundle.main.bundleURL.appendingPathComponent(name),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent(name),
            TesseraTestEnvironment.packageRoot.appendingPathComponent(".build/debug/\(name)"),
        ].first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    @Test func everyAcknowledgedWriteSurvivesSIGKILL() async throws {
        let executable = try #require(Self.executable, "\(Self.name) was not built: run `swift build --build-tests` (scripts/test does)")
        let directory = try TemporaryDirectory()
        let database = directory.path("store.sqlite")
        let keyFile = directory.url.appendingPathComponent("master.key")
        let output = directory.url.appendingPathComponent("acknowledgements")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)

        let process = Process()
        process.executableURL = executable
        process.arguments = [database, keyFile.path]
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = FileHandle.standardError
        try process.run()

        // Let it acknowledge a few hundred writes, then kill it while it is writing.
        try await eventually {
            guard process.isRunning else { return true }
            return try Self.acknowledgements(output).count >= 600
        }
        #expect(process.isRunning, "the writer stopped by itself")
        kill(process.processIdentifier, SIGKILL)
        await Subprocess.terminated(process)
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(process.terminationStatus == SIGKILL)

        let acknowledged = try Self.acknowledgements(output)
        #expect(acknowledged.count >= 600)
        let store = try SQLiteStore(path: database, masterKey: try MasterKey.load(from: keyFile))
        let integrity = try await store.pool.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") }
        #expect(integrity == "ok")
        var checked = (tokens: 0, contexts: 0, replays: 0, issuances: 0)
        for line in acknowledged {
            let fields = line.split(separator: " ").map(String.init)
            switch fields.first {
            case "token":
                let record = try await store.record(id: fields[1])
                #expect(record?.subject == "subject-\(fields[1].dropFirst("token-".count))", "acknowledged \(line)")
                checked.tokens += 1
            case "context":
                let record = try await store.context(identifier: fields[1])
                #expect(record?.secret.hex == fields[2], "acknowledged \(line)")
                checked.contexts += 1
            case "replay":
                let value = Self.bytes(hex: fields[1])
                let accepted = try await store.insertIfAbsent(
                    value, expiry: Date(timeIntervalSince1970: 1_750_003_600), now: Date(timeIntervalSince1970: 1_750_000_001))
                #expect(accepted == false, "acknowledged \(line) must be remembered")
                checked.replays += 1
            case "issuance":
                // The token record and the request's replay entry, committed in one transaction.
                let record = try await store.record(id: fields[1])
                #expect(record?.subject == "subject-\(fields[1].dropFirst("issued-".count))", "acknowledged \(line)")
                let recorded = try await store.isRecorded(Self.bytes(hex: fields[2]), now: Date(timeIntervalSince1970: 1_750_000_001))
                #expect(recorded, "acknowledged \(line) must be remembered")
                checked.issuances += 1
            default:
                Issue.record("unexpected acknowledgement: \(line)")
            }
        }
        #expect(checked.tokens > 100 && checked.contexts > 100 && checked.replays > 100 && checked.issuances > 100)
    }

    /// The complete lines written so far (a line cut by the kill is not an acknowledgement).
    static func acknowledgements(_ url: URL) throws -> [String] {
        let text = String(decoding: try Data(contentsOf: url), as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.removeLast()  // empty after the last newline, or a partial line
        return lines
    }

    static func bytes(hex: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            bytes.append(UInt8(hex[index..<next], radix: 16) ?? 0)
            index = next
        }
        return bytes
    }
}
