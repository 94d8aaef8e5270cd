import Foundation
import SecurityCore
import SOAP
import TesseraClient
import TesseraCrypto
import TesseraSamples
import TesseraServer
import WSSecurity
import WSTrust
import X509
import XMLCore

/// Request pools for scripts/gateway-bench and scripts/gateway-soak, in the format of
/// ``RequestPool`` (each record ended by 0x1E):
///
///     tessera-bench consumer-pool --identities K --out FILE
///     tessera-bench provider-pool --sts URL --data-dir DIR --applies-to URL --identities K --count N --out FILE [--ttl S]
///
/// `consumer-pool` writes what consumers send `tessera gateway`: one SOAP 1.2 `Hello` request per
/// identity (`user-1` … `user-K`), WS-Addressing Action, MessageID and To, and a security header
/// holding only a `wsse:UsernameToken` with the Username (an identity assertion, which carries no
/// nonce, so the same requests can be sent over and over: `tessera-load --cycle`).
///
/// `provider-pool` writes what the gateway sends the provider for the same requests, so the
/// provider can be measured without the gateway in front of it: for each identity a SAML
/// assertion is asked of the STS once (WS-Trust Issue, OnBehalfOf the identity, signed with the
/// data directory's gateway key), then each of the N requests (identities in turn, a MessageID of
/// its own) carries it exactly as the STS signed it, a Timestamp valid for `ttl` seconds and the
/// gateway's RSA-SHA256 signature over Timestamp, Body, WS-Addressing headers and assertion,
/// with its certificate as a BinarySecurityToken: the shape `SenderVouchesBinding` gives
/// forwarded messages (SAML Token Profile 1.1 §3.5). The provider refuses a signature value it
/// has seen, so each record is sent once; the assertions expire with their STS lifetime, so use
/// the pool within it.
enum GatewayPools {
    static func consumerPool(_ arguments: ArraySlice<String>) throws {
        var options = Options(arguments)
        let identities = try options.count("--identities", default: 4)
        let output = try options.required("--out")
        // `echo`: the echo service's Echo, for a route under a secure conversation.
        let echo = try options.choice("--body", among: ["hello", "echo"], default: "hello") == "echo"
        try options.finish()
        let records = try (1...identities).map { try consumerRequest(username: "user-\($0)", echo: echo) + [RequestPool.recordSeparator] }
        try Data(records.joined()).write(to: URL(fileURLWithPath: output))
        progress("wrote \(identities) consumer requests (identities user-1 … user-\(identities)) to \(output)")
    }

    static func providerPool(_ arguments: ArraySlice<String>) async throws {
        var options = Options(arguments)
        let identities = try options.count("--identities", default: 4)
        let count = try options.count("--count", default: 10_000)
        let sts = try options.required("--sts")
        let directory = URL(fileURLWithPath: try options.required("--data-dir"))
        let appliesTo = try options.required("--applies-to")
        let output = try options.required("--out")
        let ttl = TimeInterval(try options.count("--ttl", default: 1800))
        try options.finish()

        let gateway = X509Credential(
            privateKey: try PrivateKey(pemRepresentation: read(directory, "gateway.key.pem")),
            certificate: try Certificate(pemEncoded: read(directory, "gateway.cert.pem")))
        var configuration = STSClientConfiguration(endpoint: sts, security: .x509Signature(gateway))
        configuration.stsCertificate = try Certificate(pemEncoded: read(directory, "sts.cert.pem"))
        let transport = try HTTPSOAPTransport(url: sts)
        let client = STSClient(transport: transport, configuration: configuration)
        var assertions: [[UInt8]] = []
        do {
            for index in 1...identities {
                var request = TokenRequest(.issue)
                request.appliesTo = appliesTo
                request.tokenType = .saml20
                request.onBehalfOf = .identity(username: "user-\(index)")
                guard let bytes = try await client.send(request).issuedTokenBytes else { throw TesseraBench.Usage("the STS issued no token for user-\(index)") }
                assertions.append(bytes)
            }
            try await transport.shutdown()
        } catch {
            try? await transport.shutdown()
            throw error
        }

        guard FileManager.default.createFile(atPath: output, contents: nil), let file = FileHandle(forWritingAtPath: output) else {
            throw TesseraBench.Usage("cannot create \(output)")
        }
        defer { try? file.close() }
        // Signing dominates: split each batch over the cores, append batches as they are done.
        let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let signed = assertions
        var written = 0
        var bytes = 0
        while written < count {
            let (first, batch) = (written, min(RequestPool.batchSize * workers, count - written))
            let chunks = try await withThrowingTaskGroup(of: [UInt8].self) { group in
                for worker in 0..<workers {
                    group.addTask {
                        var chunk: [UInt8] = []
                        for offset in stride(from: worker, to: batch, by: workers) {
                            let identity = (first + offset) % signed.count
                            chunk += try providerRequest(assertion: signed[identity], gateway: gateway, ttl: ttl) + [RequestPool.recordSeparator]
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
        progress("wrote \(count) provider requests (\(identities) identities, \(bytes / max(count, 1)) bytes each) to \(output)")
    }

    /// A consumer's `Hello` with an identity-assertion UsernameToken for `username` (no Timestamp).
    static func consumerRequest(username: String, echo: Bool = false) throws -> [UInt8] {
        let envelope = echo ? echoEnvelope() : helloEnvelope()
        var builder = SecurityHeaderBuilder()
        builder.timestampLifetime = nil
        builder.usernameToken = UsernameToken(username: username, password: nil)
        try builder.secure(envelope)
        return envelope.serialize()
    }

    /// The same `Hello` as the gateway forwards it.
    static func providerRequest(assertion: [UInt8], gateway: X509Credential, ttl: TimeInterval) throws -> [UInt8] {
        let envelope = helloEnvelope()
        var builder = SecurityHeaderBuilder()
        builder.timestampLifetime = ttl
        builder.samlAssertion = assertion
        var signature = SecurityHeaderBuilder.SignatureOptions(credential: gateway)
        signature.keyReference = .binarySecurityToken
        signature.algorithm = .rsaSHA256
        signature.parts = [.timestamp, .body, .addressingHeaders, .samlAssertion]
        builder.signature = signature
        try builder.secure(envelope)
        return envelope.serialize()
    }

    /// SOAP 1.2 `Hello` with WS-Addressing 1.0 Action, To and a MessageID of its own.
    private static func helloEnvelope() -> SOAPEnvelope {
        let envelope = SOAPEnvelope(version: .v12)
        AddressingHeaders(
            version: .v10, to: "https://hello.tessera.test/HelloService", action: action,
            messageID: AddressingHeaders.newMessageID()
        ).write(to: envelope)
        _ = envelope.body.addChild("Hello", HelloService.namespace, prefix: "hello")
        return envelope
    }

    /// `Echo("bench")` for the echo service (`tessera serve`'s `secureConversation` path).
    private static func echoEnvelope() -> SOAPEnvelope {
        let envelope = EchoService.request("bench", version: .v12)
        AddressingHeaders(
            version: .v10, to: "https://echo.tessera.test/EchoService", action: EchoService.action, messageID: AddressingHeaders.newMessageID()
        ).write(to: envelope)
        return envelope
    }

    /// The requests' WS-Addressing Action; senders put it in the SOAP 1.2 media type's `action`
    /// parameter too (SOAP 1.2 Part 2 §A.2), as the scripts' Content-Type does.
    static let action = "urn:hello:Hello"

    private static func read(_ directory: URL, _ name: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }

    private static func progress(_ line: String) {
        FileHandle.standardError.write(Data("tessera-bench: \(line)\n".utf8))
    }

    /// `--name value` pairs, each taken once.
    struct Options {
        private var values: [String: String] = [:]
        private var problem: String?

        init(_ arguments: ArraySlice<String>) {
            var remaining = arguments
            while let name = remaining.popFirst() {
                guard name.hasPrefix("--"), let value = remaining.popFirst() else {
                    problem = "\(name) needs a value"
                    return
                }
                values[name] = value
            }
        }

        mutating func required(_ name: String) throws -> String {
            guard let value = values.removeValue(forKey: name), !value.isEmpty else { throw TesseraBench.Usage("\(name) is required") }
            return value
        }

        mutating func count(_ name: String, default fallback: Int, allowZero: Bool = false) throws -> Int {
            guard let text = values.removeValue(forKey: name) else { return fallback }
            guard let value = Int(text), value > 0 || (allowZero && value == 0) else {
                throw TesseraBench.Usage("\(name) needs a \(allowZero ? "non-negative" : "positive") whole number")
            }
            return value
        }

        mutating func choice(_ name: String, among choices: Set<String>, default fallback: String) throws -> String {
            guard let value = values.removeValue(forKey: name) else { return fallback }
            guard choices.contains(value) else { throw TesseraBench.Usage("\(name) must be one of \(choices.sorted().joined(separator: ", "))") }
            return value
        }

        func finish() throws {
            if let problem { throw TesseraBench.Usage(problem) }
            if let unknown = values.keys.sorted().first { throw TesseraBench.Usage("unknown argument \(unknown)") }
        }
    }
}
