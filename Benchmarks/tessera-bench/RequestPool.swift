import Foundation
import SecurityCore
import SOAP
import TesseraCrypto
import WSSecurity
import WSTrust
import X509
import XMLCore

/// `tessera-bench rst-pool`: writes distinct pre-signed Issue requests for a load test:
/// serialized SOAP 1.2 envelopes, each followed by the byte 0x1E (ASCII record separator, which
/// XML 1.0 does not allow in a document, so it cannot occur inside one). Each carries its own RST
/// Context (inside the signed Body), so no two signatures are equal and none is refused as a
/// replay; every Timestamp is valid for `ttl` seconds from generation (the server's timestamp
/// maximum age must allow it).
///
///     tessera-bench rst-pool --count N --out FILE [--ttl S] [--applies-to URL] [--fixtures DIR]
enum RequestPool {
    /// Ends each request in the pool file.
    static let recordSeparator: UInt8 = 0x1E

    static func run(_ arguments: ArraySlice<String>, fixtures defaultFixtures: URL) async throws {
        var count = 10_000
        var output: String?
        var ttl: TimeInterval = 3600
        var appliesTo = "http://testHost/HelloService"
        var fixtures = defaultFixtures
        var remaining = arguments
        while let argument = remaining.popFirst() {
            switch argument {
            case "--count":
                guard let value = remaining.popFirst().flatMap(Int.init), value > 0 else { throw TesseraBench.Usage("--count needs a positive number") }
                count = value
            case "--out":
                guard let value = remaining.popFirst() else { throw TesseraBench.Usage("--out needs a file") }
                output = value
            case "--ttl":
                guard let value = remaining.popFirst().flatMap(TimeInterval.init), value > 0 else { throw TesseraBench.Usage("--ttl needs seconds") }
                ttl = value
            case "--applies-to":
                guard let value = remaining.popFirst() else { throw TesseraBench.Usage("--applies-to needs a URL") }
                appliesTo = value
            case "--fixtures":
                guard let value = remaining.popFirst() else { throw TesseraBench.Usage("--fixtures needs a directory") }
                fixtures = URL(fileURLWithPath: value)
            default:
                throw TesseraBench.Usage("unknown rst-pool argument \(argument)")
            }
        }
        guard let output else { throw TesseraBench.Usage("rst-pool needs --out FILE") }
        let key = try String(contentsOf: fixtures.appendingPathComponent("gateway.key.pem"), encoding: .utf8)
        let certificate = try String(contentsOf: fixtures.appendingPathComponent("gateway.cert.pem"), encoding: .utf8)
        let gateway = X509Credential(privateKey: try PrivateKey(pemRepresentation: key), certificate: try Certificate(pemEncoded: certificate))

        // Signing dominates: split each batch over the cores. Batches are appended to the file as
        // they are signed, so a pool of hundreds of thousands of requests (gigabytes) is never
        // held in memory.
        let (address, lifetime) = (appliesTo, ttl)
        let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
        guard FileManager.default.createFile(atPath: output, contents: nil), let file = FileHandle(forWritingAtPath: output) else {
            throw TesseraBench.Usage("cannot create \(output)")
        }
        defer { try? file.close() }
        var written = 0
        var bytes = 0
        while written < count {
            let batch = min(batchSize * workers, count - written)
            let chunks = try await withThrowingTaskGroup(of: [UInt8].self) { group in
                for worker in 0..<workers {
                    group.addTask {
                        var chunk: [UInt8] = []
                        for _ in stride(from: worker, to: batch, by: workers) {
                            chunk += try signedRequest(gateway: gateway, appliesTo: address, ttl: lifetime) + [recordSeparator]
                        }
                        return chunk
                    }
                }
                return try await group.reduce(into: [[UInt8]]()) { $0.append($1) }
            }
            for chunk in chunks {
                try file.write(contentsOf: chunk)
                bytes += chunk.count
            }
            written += batch
        }
        FileHandle.standardError.write(Data("tessera-bench: wrote \(count) signed requests (\(bytes / max(count, 1)) bytes each) to \(output)\n".utf8))
    }

    /// Requests each worker signs per batch before the batch is written.
    static let batchSize = 512

    /// The token-transformation scenario's RST with a unique Context, signed (Body and Timestamp)
    /// by the gateway.
    static func signedRequest(gateway: X509Credential, appliesTo: String, ttl: TimeInterval) throws -> [UInt8] {
        let envelope = SOAPEnvelope(version: .v12)
        AddressingHeaders(version: .v10, action: WSTrustVersion.v13.requestAction(.issue), messageID: AddressingHeaders.newMessageID()).write(to: envelope)
        var request = RequestSecurityToken(version: .v13, requestType: .issue)
        request.context = "urn:uuid:" + UUID().uuidString.lowercased()
        request.appliesTo = AppliesTo(address: appliesTo)
        request.tokenType = .saml20
        let holder = XMLDocument(rootLocalName: "Holder", namespace: nil)
        request.onBehalfOf = UsernameToken(username: "jdoe", password: nil).write(into: holder.root)
        request.write(into: envelope.body)
        var builder = SecurityHeaderBuilder()
        builder.timestampLifetime = ttl
        builder.signature = .init(credential: gateway)
        try builder.secure(envelope)
        return envelope.serialize()
    }
}
