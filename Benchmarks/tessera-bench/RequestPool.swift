import Foundation
import SOAP
import TesseraCrypto
import WSSecurity
import WSTrust
import X509
import XMLCore

/// `tessera-bench rst-pool`: writes distinct pre-signed Issue requests for a load test:
/// serialized SOAP 1.2 envelopes, each followed by the byte 0x1E (ASCII record separator, which
/// XML 1.0 does not allow in a document, so it cannot occur inside one). Each carries its own RST Context (inside the signed
/// Body), so no two signatures are equal and none is refused as a replay; every Timestamp is
/// valid for `ttl` seconds from generation (the server's timestamp maximum age must allow it).
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

        // Signing dominates: split the pool over the cores.
        let (total, address, lifetime) = (count, appliesTo, ttl)
        let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let chunks = try await withThrowingTaskGroup(of: (Int, [UInt8]).self) { group in
            for worker in 0..<workers {
                group.addTask {
                    var bytes: [UInt8] = []
                    for _ in stride(from: worker, to: total, by: workers) {
                        let line = try signedRequest(gateway: gateway, appliesTo: address, ttl: lifetime)
                        bytes += line + [recordSeparator]
                    }
                    return (worker, bytes)
                }
            }
            return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
        }
        let data = (0..<workers).reduce(into: Data()) { $0.append(contentsOf: chunks[$1] ?? []) }
        try data.write(to: URL(fileURLWithPath: output))
        FileHandle.standardError.write(Data("tessera-bench: wrote \(count) signed requests (\(data.count / max(count, 1)) bytes each) to \(output)\n".utf8))
    }

    /// The seed's Listing 2 with a unique Context, signed (Body and Timestamp) by the gateway.
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
