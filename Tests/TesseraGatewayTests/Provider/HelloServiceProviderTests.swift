import Foundation
import SAML
import SecurityCore
import SOAP
import TesseraSamples
import Testing
import TesseraServer
import WSSecurity
import XMLCore
import XMLSecurity

/// The provider side of the token-transformation scenario: the sample HelloService (hosted by
/// the STS's server, trusting the STS's certificate and the gateway's) behind the real gateway,
/// and the attack messages it must refuse (WSS SAML Token Profile 1.1 §3.5 sender-vouches).
struct HelloServiceProviderTests {
    /// What the HelloService of the test STS's configuration trusts, for checks with a pinned clock.
    static func policy(clock: TimeSource = .system) -> SAMLTokenPolicy {
        var policy = SAMLTokenPolicy(
            issuers: [Fixtures.certificate("sts")], audiences: [Fixtures.helloService],
            attestingEntities: [Fixtures.certificate("gateway")])
        policy.clock = clock
        return policy
    }

    /// The WS-Security error `policy` refuses `envelope` with; nil when it accepts it.
    func refusal(_ policy: SAMLTokenPolicy, _ envelope: SOAPEnvelope, overTLS: Bool = false) async -> WSSecurityError? {
        do {
            _ = try await policy.authenticate(envelope, transportIsSecure: overTLS)
            return nil
        } catch {
            return error
        }
    }

    /// The fault code HelloService answers `message` with over HTTP; nil for an answer.
    func faultCode(posting message: [UInt8], to chain: Chain, version: SOAPVersion = .v12) async throws -> SecurityFaultCode? {
        let result = try await HTTPResult.post(chain.helloServiceURL, body: message, headers: ConsumerRequest.headers(version))
        let envelope = try SOAPEnvelope(parsing: result.body)
        guard result.status != 200 else {
            #expect(envelope.bodyPayload?.trimmedText == "Hello, jdoe")
            return nil
        }
        #expect(envelope.bodyPayload?.trimmedText.hasPrefix("Hello") != true)
        return try SOAPFault(envelope: envelope).securityFaultCode
    }

    @Test(arguments: [SOAPVersion.v11, .v12])
    func theChainEndsAtHelloServiceAnsweringTheSubject(_ version: SOAPVersion) async throws {
        try await Chain.with(toHelloService: true) { chain in
            let result = try await chain.post(ConsumerRequest.identity(version), version: version)
            #expect(result.status == 200, "\(result.text)")
            let answer = try SOAPEnvelope(parsing: result.body)
            #expect(answer.version == version)
            #expect(answer.bodyPayload?.is("HelloResponse", HelloService.namespace) == true)
            #expect(answer.bodyPayload?.trimmedText == "Hello, jdoe")
            #expect(chain.provider.received.isEmpty)
        }
    }

    @Test func aForwardedMessageGivesTheSubjectItsIssuerAndTheGateway() async throws {
        try await Chain.with { chain in
            let message = try SOAPEnvelope(parsing: try await ForwardedMessage.capture(in: chain))
            let subject = try await Self.policy().authenticate(message, transportIsSecure: false)
            #expect(subject.name == "jdoe")
            #expect(subject.issuer == "https://sts.tessera.test")
            guard case .senderVouches(let gateway) = subject.confirmation else {
                Issue.record("expected sender-vouches, got \(subject.confirmation)")
                return
            }
            #expect(gateway == Fixtures.certificate("gateway"))
        }
    }

    /// The gateway asks the STS for another relying party's token: HelloService is not its audience.
    @Test func anAssertionForAnotherAudienceIsRefused() async throws {
        try await Chain.with(
            toHelloService: true,
            configure: { configuration in
                for index in configuration.routes.indices { configuration.routes[index].appliesTo = Fixtures.otherService }
            }
        ) { chain in
            let result = try await chain.post(ConsumerRequest.identity(.v12), version: .v12)
            #expect(result.status != 200)
            #expect(try SOAPFault(envelope: try SOAPEnvelope(parsing: result.body)).securityFaultCode == WSSFaultCode.invalidSecurityToken)
        }
    }

    /// The gateway's signature is fresh (its Timestamp as of the pinned clock), the assertion
    /// is past its NotOnOrAfter and the clock skew.
    @Test func anExpiredAssertionIsRefused() async throws {
        try await Chain.with { chain in
            let assertion = try ForwardedMessage.assertion(in: try await ForwardedMessage.capture(in: chain))
            let later = TimeSource.fixed(Date().addingTimeInterval(600 + 300 + 60))
            let refused = await refusal(Self.policy(clock: later), try ForwardedMessage.signed(carrying: assertion, clock: later))
            #expect(refused?.code == .invalidSecurityToken)
            #expect(refused?.reason.contains("expired") == true)
            // The same assertion, now, is accepted.
            #expect(await refusal(Self.policy(), try ForwardedMessage.signed(carrying: assertion)) == nil)
        }
    }

    /// Bearer-like forwarding: the assertion alone, the gateway's signature and certificate taken out.
    @Test func aSenderVouchesAssertionWithoutTheGatewaysSignatureIsRefused() async throws {
        try await Chain.with { chain in
            let message = try SOAPEnvelope(parsing: try await ForwardedMessage.capture(in: chain))
            let security = try #require(try message.securityHeader())
            try #require(security.firstChild("Signature", XMLSecurityNamespace.ds)).remove()
            try #require(security.firstChild("BinarySecurityToken", WSSNamespace.secext)).remove()
            #expect(try await faultCode(posting: message.serialize(), to: chain) == WSSFaultCode.failedAuthentication)
            // TLS makes no difference to a sender-vouches assertion.
            #expect(await refusal(Self.policy(), try SOAPEnvelope(parsing: message.serialize()), overTLS: true)?.code == .failedAuthentication)
        }
    }

    @Test func aGatewaySignatureThatDoesNotCoverTheBodyIsRefused() async throws {
        try await Chain.with { chain in
            let assertion = try ForwardedMessage.assertion(in: try await ForwardedMessage.capture(in: chain))
            let message = try ForwardedMessage.signed(carrying: assertion, parts: [.timestamp, .addressingHeaders, .samlAssertion])
            #expect(try await faultCode(posting: message.serialize(), to: chain) == WSSFaultCode.failedAuthentication)
        }
    }

    @Test func aGatewaySignatureThatDoesNotCoverTheAssertionIsRefused() async throws {
        try await Chain.with { chain in
            let assertion = try ForwardedMessage.assertion(in: try await ForwardedMessage.capture(in: chain))
            let message = try ForwardedMessage.signed(carrying: assertion, parts: [.timestamp, .body, .addressingHeaders])
            #expect(try await faultCode(posting: message.serialize(), to: chain) == WSSFaultCode.failedAuthentication)
        }
    }

    @Test func aModifiedBodyIsRefused() async throws {
        try await Chain.with { chain in
            let message = try SOAPEnvelope(parsing: try await ForwardedMessage.capture(in: chain))
            try #require(message.bodyPayload?.firstChild("Name", HelloService.namespace)).setText("mallory")
            #expect(try await faultCode(posting: message.serialize(), to: chain) == WSSFaultCode.failedCheck)
        }
    }

    /// The gateway's signature of jdoe's message with the assertion of alice's.
    @Test func anAssertionMovedFromAnotherMessageIsRefused() async throws {
        try await Chain.with { chain in
            let jdoe = try await ForwardedMessage.capture(in: chain, username: "jdoe")
            let alice = try await ForwardedMessage.capture(in: chain, username: "alice")
            let moved = String(decoding: jdoe, as: UTF8.self).replacingOccurrences(
                of: String(decoding: try ForwardedMessage.assertion(in: jdoe), as: UTF8.self),
                with: String(decoding: try ForwardedMessage.assertion(in: alice), as: UTF8.self))
            #expect(moved.contains("alice"))
            let code = try await faultCode(posting: Array(moved.utf8), to: chain)
            #expect(code != nil)
            #expect(code == WSSFaultCode.securityTokenUnavailable || code == WSSFaultCode.failedCheck || code == WSSFaultCode.invalidSecurity)
        }
    }

    @Test func anAssertionSignedByAnUntrustedSTSIsRefused() async throws {
        try await Chain.with { chain in
            let genuine = try ForwardedMessage.assertion(in: try await ForwardedMessage.capture(in: chain))
            let forged = try ForwardedMessage.resigned(genuine, by: Fixtures.credential("untrusted"))
            let message = try ForwardedMessage.signed(carrying: forged)
            #expect(try await faultCode(posting: message.serialize(), to: chain) == WSSFaultCode.invalidSecurityToken)
        }
    }

    /// An assertion signed by the gateway's key: the gateway vouches, it does not issue.
    @Test func anAssertionIssuedByTheGatewayItselfIsRefused() async throws {
        try await Chain.with { chain in
            let genuine = try ForwardedMessage.assertion(in: try await ForwardedMessage.capture(in: chain))
            let forged = try ForwardedMessage.resigned(genuine, by: Fixtures.credential("gateway"))
            #expect(await refusal(Self.policy(), try ForwardedMessage.signed(carrying: forged))?.code == .invalidSecurityToken)
        }
    }

    /// SAML Token Profile 1.1 §3.5: a bearer assertion of the trusted STS, unsigned by anyone
    /// else, authenticates its subject over TLS only.
    @Test func aBearerAssertionIsAcceptedOverTLSOnly() async throws {
        try await Chain.with { chain in
            let genuine = try ForwardedMessage.assertion(in: try await ForwardedMessage.capture(in: chain))
            let bearer = try ForwardedMessage.resigned(genuine, by: Fixtures.credential("sts")) { assertion in
                assertion.subject?.confirmations[0].method = .bearer
            }
            #expect(await refusal(Self.policy(), try ForwardedMessage.signed(carrying: bearer, parts: []))?.code == .failedAuthentication)
            let subject = try await Self.policy().authenticate(try ForwardedMessage.signed(carrying: bearer, parts: []), transportIsSecure: true)
            #expect(subject.name == "jdoe")
            guard case .bearer = subject.confirmation else {
                Issue.record("expected bearer, got \(subject.confirmation)")
                return
            }
        }
    }

    /// SAML Token Profile 1.1 §3.4: a holder-of-key assertion of the trusted STS authenticates
    /// its subject when the confirmed key signs the Body and the Timestamp; another key's
    /// signature does not.
    @Test func aHolderOfKeyAssertionIsAcceptedUnderTheConfirmedKeysSignature() async throws {
        try await Chain.with { chain in
            let genuine = try ForwardedMessage.assertion(in: try await ForwardedMessage.capture(in: chain))
            let service = Fixtures.credential("service")
            let holderOfKey = try ForwardedMessage.resigned(genuine, by: Fixtures.credential("sts")) { assertion in
                assertion.subject?.confirmations = [.init(method: .holderOfKey, data: .init(keys: [.certificate(service.certificate)]))]
            }
            let proven = try ForwardedMessage.signed(
                carrying: holderOfKey, parts: [.timestamp, .body], by: service,
                keyReference: .samlAssertionKeyIdentifier)
            let subject = try await Self.policy().authenticate(proven, transportIsSecure: false)
            #expect(subject.name == "jdoe")
            guard case .holderOfKey(let key) = subject.confirmation else {
                Issue.record("expected holder-of-key, got \(subject.confirmation)")
                return
            }
            #expect(key == service.certificate)

            let unproven = try ForwardedMessage.signed(
                carrying: holderOfKey, parts: [.timestamp, .body], by: Fixtures.credential("untrusted"),
                keyReference: .samlAssertionKeyIdentifier)
            #expect(await refusal(Self.policy(), unproven) != nil)
        }
    }
}
