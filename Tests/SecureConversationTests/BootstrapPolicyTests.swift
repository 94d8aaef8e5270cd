import Foundation
import SecurityCore
import SOAP
import SecureConversation
import Synchronization
import Testing
import TesseraCrypto
import WSSecurity
import WSTrust
import X509
import XMLCore
import XMLSecurity

/// Establishing a context (steps 1–2): the bootstrap policy guards the RST alone, the client
/// trusts nothing it has not verified, and the two policies never stand in for each other.
@Suite struct BootstrapPolicyTests {
    let clock = TestClock()

    func service(_ change: (inout SecureConversationServiceConfiguration) -> Void = { _ in }) -> SecureConversationService {
        var configuration = Fixtures.serviceConfiguration(clock: clock)
        change(&configuration)
        return Fixtures.helloService(configuration)
    }

    func client(
        _ service: SecureConversationService, version: SecureConversationVersion = .v13, transport: TransportSecurity = .unprotected,
        _ change: (inout SecureConversationClientConfiguration) -> Void = { _ in }
    ) -> SecureConversationClient {
        var configuration = Fixtures.clientConfiguration(version: version, clock: clock)
        change(&configuration)
        return SecureConversationClient(configuration: configuration, transport: InProcessSOAPTransport(service: service, security: transport))
    }

    static func faultSubcode(_ error: any Error) -> QName? { (error as? SecureConversationError)?.fault?.subcode }

    @Test func untrustedRequestorIsRefused() async throws {
        let client = client(service()) {
            $0.bootstrap = .x509(
                credential: Fixtures.untrusted, serviceCertificate: Fixtures.service.certificate,
                trustStore: Fixtures.trustStore())
        }
        await #expect { try await client.establish() } throws: { Self.faultSubcode($0) == QName(WSSNamespace.secext, "FailedAuthentication") }
    }

    @Test func clearTextEntropyIsRefusedWhenThePolicyWantsItEncrypted() async throws {
        let service = service()
        let request = try Self.rst(signedBy: Fixtures.gateway, encryptFor: nil)
        let response = await service.handle(request)
        #expect(response.fault?.subcode == QName(WSSNamespace.secext, "InvalidSecurity"))

        let relaxed = self.service { $0.bootstrap = .x509(trustStore: Fixtures.trustStore(), requireEncryptedEntropy: false) }
        #expect(await relaxed.handle(try Self.rst(signedBy: Fixtures.gateway, encryptFor: nil)).fault == nil)
    }

    @Test func entropyEncryptedAsAnEncryptedKeyIsAccepted() async throws {
        let entropy = SecureRandom.bytes(32)
        let request = try Self.rst(signedBy: Fixtures.gateway, encryptFor: nil, encryptedEntropy: entropy)
        let response = await service().handle(request)
        #expect(response.fault == nil)
    }

    @Test func unsignedRequestIsRefused() async throws {
        // Its Body is in AES-CBC: refused with the one fault every such bootstrap failure gets.
        let request = try Self.rst(signedBy: nil, encryptFor: Fixtures.service.certificate)
        #expect(await service().handle(request).fault?.subcode == QName(WSSNamespace.secext, "FailedCheck"))
    }

    @Test func onlySecurityContextTokensAreIssued() async throws {
        let request = try Self.rst(signedBy: Fixtures.gateway, encryptFor: Fixtures.service.certificate, tokenType: .saml20)
        #expect(await service().handle(request).fault?.subcode == QName(WSTrustVersion.v13.namespace, "BadRequest"))
    }

    @Test func responseFromAnUntrustedSignerIsRejected() async throws {
        // The client trusts only another root: the service's signed response must not count.
        let client = client(service()) {
            $0.bootstrap = .x509(
                credential: Fixtures.gateway, serviceCertificate: Fixtures.service.certificate,
                trustStore: X509TrustStore(anchors: [Fixtures.untrusted.certificate]))
        }
        await #expect(throws: SecureConversationError(.responseRejected, "")) { try await client.establish() }
        #expect(client.context == nil)
    }

    /// A man in the middle with another certificate from the same CA re-signs the service's
    /// response: it verifies as an X.509 signature, but not by the service the client expects.
    @Test func responseSignedByAnotherTrustedCertificateIsRejected() async throws {
        final class Resigning: SOAPTransport {
            let service: SecureConversationService
            init(_ service: SecureConversationService) { self.service = service }
            func exchange(_ request: [UInt8], version: SOAPVersion, action: String?) async throws -> [UInt8] {
                let response = try SOAPEnvelope(parsing: await service.handle(bytes: request, version: version, action: action))
                var inbound = InboundSecurityConfiguration(trustStore: Fixtures.trustStore())
                inbound.decryptionCredentials = [Fixtures.gateway]
                _ = try await WSSecurityEngine(configuration: inbound).process(response)  // decrypts in place
                try response.securityHeader()?.remove()
                var builder = SecurityHeaderBuilder()
                var signature = SecurityHeaderBuilder.SignatureOptions(credential: Fixtures.credential("sts"))
                signature.parts = [.body, .timestamp, .addressingHeaders]
                builder.signature = signature
                builder.encryption = .init(recipient: Fixtures.gateway.certificate)
                try builder.secure(response)
                return response.serialize()
            }
        }
        let client = SecureConversationClient(configuration: Fixtures.clientConfiguration(version: .v13, clock: clock), transport: Resigning(service()))
        await #expect { try await client.establish() } throws: { error in
            let error = error as? SecureConversationError
            return error?.code == .responseRejected && error?.reason.contains("not signed by the service") == true
        }
        #expect(client.context == nil)
    }

    @Test(arguments: SecureConversationVersion.allCases)
    func serviceMadeSecretTravelsEncryptedForTheClient(_ version: SecureConversationVersion) async throws {
        let service = service()
        let client = client(service, version: version) { $0.provideEntropy = false }
        try await client.establish()
        #expect(Fixtures.greeting(try await client.send(Fixtures.hello("no entropy"), action: Fixtures.helloAction)) != nil)
    }

    @Test func keySizeIsHonouredWithinBounds() async throws {
        let service = service { $0.keys.keySizes = 128...256 }
        for (asked, granted) in [(128, 128), (192, 192), (1024, 256)] {
            let client = client(service) { $0.keySize = asked }
            try await client.establish()
            #expect(Fixtures.greeting(try await client.send(Fixtures.hello("k"), action: Fixtures.helloAction)) != nil, "KeySize \(asked) → \(granted)")
        }
        let request = try Self.rst(signedBy: Fixtures.gateway, encryptFor: Fixtures.service.certificate, keySize: 1024)
        let response = try SOAPEnvelope(parsing: await service.handle(request).serialize())
        var inbound = InboundSecurityConfiguration(trustStore: Fixtures.trustStore())
        inbound.decryptionCredentials = [Fixtures.gateway]
        _ = try await WSSecurityEngine(configuration: inbound).process(response)
        let payload = try #require(response.bodyPayload)
        let rstr = try #require(try RequestSecurityTokenResponseCollection(element: payload).responses.first)
        #expect(rstr.keySize == 256)
        #expect(rstr.lifetime?.expires != nil)
        guard case .computedKey(let algorithm)? = rstr.requestedProofToken else { Issue.record("no computed key"); return }
        #expect(algorithm == WSTrustVersion.v13.computedKeyPSHA1)
        guard case .binarySecret(let serverEntropy)? = rstr.entropy else { Issue.record("no service entropy"); return }
        #expect(serverEntropy.value.count == 32)
        #expect(rstr.requestedAttachedReference != nil && rstr.requestedUnattachedReference != nil)
    }

    @Test func lifetimeIsCappedByTheMaximum() async throws {
        let service = service { $0.lifetimes = ContextLifetimePolicy(defaultLifetime: 60, maximumLifetime: 120) }
        let client = client(service) { $0.requestedLifetime = 86_400 }
        let context = try await client.establish()
        #expect(abs(context.expires.timeIntervalSince(clock.now) - 120) < 1)
        let defaulted = try await self.client(service).establish()
        #expect(abs(defaulted.expires.timeIntervalSince(clock.now) - 60) < 1)
    }

    @Test func usernameOverTLSBootstrapWorksWhenConfigured() async throws {
        let service = service { $0.bootstrap = .usernameOverTLS(authenticator: Passwords(["alice": "wonderland"])) }
        let good = client(service, transport: .tls) { $0.bootstrap = .usernameOverTLS(username: "alice", password: "wonderland") }
        try await good.establish()
        let response = try await good.send(Fixtures.hello("tls"), action: Fixtures.helloAction)
        #expect(Fixtures.greeting(response) == "Hello, tls, you are alice")

        let bad = client(service, transport: .tls) { $0.bootstrap = .usernameOverTLS(username: "alice", password: "guess") }
        await #expect { try await bad.establish() } throws: { Self.faultSubcode($0) == QName(WSSNamespace.secext, "FailedAuthentication") }
        // The X.509 bootstrap is not accepted by a username-only service.
        await #expect(throws: SecureConversationError.self) { try await client(service, transport: .tls).establish() }
    }

    /// The configuration asking for TLS is not enough: each request that did not arrive over
    /// TLS is refused, before its password is looked at, and messages under contexts made over
    /// TLS keep working whatever carries them.
    @Test func usernameBootstrapOverPlainTransportIsRefusedPerRequest() async throws {
        let service = service { $0.bootstrap = .usernameOverTLS(authenticator: Passwords(["alice": "wonderland"])) }
        let plain = client(service, transport: .unprotected) { $0.bootstrap = .usernameOverTLS(username: "alice", password: "wonderland") }
        await #expect { try await plain.establish() } throws: { Self.faultSubcode($0) == QName(WSSNamespace.secext, "InvalidSecurity") }
        #expect(plain.context == nil)

        let overTLS = client(service, transport: .tls) { $0.bootstrap = .usernameOverTLS(username: "alice", password: "wonderland") }
        try await overTLS.establish()
        #expect(Fixtures.greeting(try await overTLS.send(Fixtures.hello("again"), action: Fixtures.helloAction)) == "Hello, again, you are alice")
    }

    // MARK: The two policies never stand in for each other

    @Test(arguments: [false, true])
    func applicationMessageSignedWithX509InsteadOfAContextIsRefused(encrypted: Bool) async throws {
        let envelope = Fixtures.hello("x509")
        AddressingHeaders(to: Fixtures.endpoint, action: Fixtures.helloAction, messageID: AddressingHeaders.newMessageID()).write(to: envelope)
        var builder = SecurityHeaderBuilder()
        var signature = SecurityHeaderBuilder.SignatureOptions(credential: Fixtures.gateway)
        signature.parts = [.body, .timestamp, .addressingHeaders]
        builder.signature = signature
        if encrypted { builder.encryption = .init(recipient: Fixtures.service.certificate) }
        try builder.secure(envelope)
        let response = await service().handle(try SOAPEnvelope(parsing: envelope.serialize()))
        // The application path trusts no X.509 key and holds no private key: only a context counts.
        #expect(response.fault?.subcode == QName(WSSNamespace.secext, encrypted ? "SecurityTokenUnavailable" : "FailedAuthentication"))
    }

    @Test func issueRequestSecuredWithAContextInsteadOfX509IsRefused() async throws {
        let service = service()
        let client = client(service)
        try await client.establish()
        await #expect {
            let envelope = SOAPEnvelope(version: .v12)
            var rst = RequestSecurityToken(version: .v13, requestType: .issue)
            rst.tokenType = SecureConversationVersion.v13.tokenType
            rst.write(into: envelope.body)
            _ = try await client.send(envelope, action: SecureConversationVersion.v13.requestAction(.issue))
        } throws: { error in
            guard let subcode = Self.faultSubcode(error) else { return false }
            return subcode.namespace == WSSNamespace.secext
        }
    }

    // MARK: Helpers

    /// An RST/SCT as a client would send it, signed and encrypted as asked.
    static func rst(
        signedBy signer: X509Credential?, encryptFor recipient: Certificate?, tokenType: TokenType = SecureConversationVersion.v13.tokenType,
        keySize: Int = 256, encryptedEntropy: [UInt8]? = nil
    ) throws -> SOAPEnvelope {
        let envelope = SOAPEnvelope(version: .v12)
        AddressingHeaders(
            to: Fixtures.endpoint, action: SecureConversationVersion.v13.requestAction(.issue),
            messageID: AddressingHeaders.newMessageID()
        ).write(to: envelope)
        var rst = RequestSecurityToken(version: .v13, requestType: .issue)
        rst.tokenType = tokenType
        rst.keySize = keySize
        if let encryptedEntropy {
            let holder = XMLDocument(rootLocalName: "Entropy", namespace: nil)
            let key = try XMLEncryptor.addEncryptedKey(
                encryptedEntropy, transport: .rsaOAEPSHA1,
                recipient: try PublicKey(certificate: Fixtures.service.certificate), in: holder.root)
            rst.entropy = .encrypted(key)
        } else {
            rst.entropy = .binarySecret(BinarySecret(value: SecureRandom.bytes(32), type: WSTrustVersion.v13.binarySecretNonce))
        }
        rst.write(into: envelope.body)
        var builder = SecurityHeaderBuilder()
        if let signer {
            var signature = SecurityHeaderBuilder.SignatureOptions(credential: signer)
            signature.parts = [.body, .timestamp, .addressingHeaders]
            builder.signature = signature
        }
        if let recipient { builder.encryption = .init(recipient: recipient) }
        try builder.secure(envelope)
        return try SOAPEnvelope(parsing: envelope.serialize())
    }
}

/// Checks text passwords against a fixed table.
struct Passwords: UsernameTokenAuthenticator {
    let table: [String: String]
    init(_ table: [String: String]) { self.table = table }

    func authenticate(_ token: UsernameToken) async throws {
        guard case .text(let password)? = token.password, table[token.username] == password else {
            throw WSSecurityError(.failedAuthentication, "bad password")
        }
    }
}
