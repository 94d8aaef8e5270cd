import Foundation
import SAML
import SecurityCore
import SOAP
import SecureConversation
import Testing
import WSSecurity
import WSTrust
import X509
import XMLCore

/// The issued-token bootstrap: a context established with a SAML assertion from a trusted
/// issuer, holder-of-key proven by the RST's signature or bearer over TLS when allowed, and
/// every assertion the issuer did not vouch for refused with the WSS fault for it.
@Suite struct SAMLBootstrapTests {
    let clock = TestClock()
    static let issuerName = "https://sts.tessera.test"
    /// The STS that issues the assertions (its own test key).
    static let sts = Fixtures.credential("sts")
    /// The client whose certificate the holder-of-key assertions confirm: not in the service's
    /// trust store, vouched for by the issuer alone.
    static let holder = Fixtures.credential("chained")
    static let wrongAudience = "https://elsewhere.tessera.test/hello"

    func service(acceptsBearer: Bool = false) -> SecureConversationService {
        var configuration = Fixtures.serviceConfiguration(clock: clock)
        configuration.bootstrap = .issuedSAML(
            SAMLBootstrap(
                issuers: [SAMLBootstrap.Issuer(name: Self.issuerName, certificates: [Self.sts.certificate], acceptsBearer: acceptsBearer)],
                audiences: [Fixtures.endpoint]))
        return Fixtures.helloService(configuration)
    }

    func client(
        _ service: SecureConversationService, bootstrap: ClientBootstrap, transport: TransportSecurity = .unprotected,
        version: SecureConversationVersion = .v13
    ) -> SecureConversationClient {
        var configuration = Fixtures.clientConfiguration(version: version, clock: clock)
        configuration.bootstrap = bootstrap
        return SecureConversationClient(configuration: configuration, transport: InProcessSOAPTransport(service: service, security: transport))
    }

    func holderOfKey(_ assertion: [UInt8], signedBy credential: X509Credential = holder) -> ClientBootstrap {
        .samlHolderOfKey(
            assertion: assertion, credential: credential, serviceCertificate: Fixtures.service.certificate,
            trustStore: Fixtures.trustStore())
    }

    /// A signed SAML 2.0 assertion for `subject`, valid from a minute ago for `validity` seconds.
    func saml20(
        subject: String = "alice", confirmation: SAML2.ConfirmationMethod = .holderOfKey, key: Certificate? = holder.certificate,
        issuer: String = issuerName, signer: X509Credential = sts, audience: String? = Fixtures.endpoint,
        validity: TimeInterval = 600, issued: TimeInterval = -60
    ) throws -> [UInt8] {
        let notBefore = clock.now.addingTimeInterval(issued)
        let notOnOrAfter = notBefore.addingTimeInterval(validity)
        let data = SAML2.SubjectConfirmationData(notOnOrAfter: notOnOrAfter, keys: key.map { [.certificate($0)] } ?? [])
        let assertion = SAML2.Assertion(
            issueInstant: notBefore, issuer: SAML2.Issuer(issuer),
            subject: SAML2.Subject(nameID: SAML2.NameID(subject), confirmations: [SAML2.SubjectConfirmation(method: confirmation, data: data)]),
            conditions: SAML2.Conditions(
                notBefore: notBefore, notOnOrAfter: notOnOrAfter,
                audienceRestrictions: audience.map { [SAML2.AudienceRestriction([$0])] } ?? []),
            authnStatements: [SAML2.AuthnStatement(authnInstant: notBefore, authnContext: SAML2.AuthnContext(classRef: .password))])
        return try SAMLAssertionSigner(credential: signer).signedDocument(assertion).serialize()
    }

    /// A signed SAML 1.1 holder-of-key assertion for `subject`.
    func saml11(subject: String = "bob") throws -> [UInt8] {
        let notBefore = clock.now.addingTimeInterval(-60)
        let confirmation = SAML1.SubjectConfirmation(methods: [.holderOfKey], key: .certificate(Self.holder.certificate))
        let assertion = SAML1.Assertion(
            issuer: Self.issuerName, issueInstant: notBefore,
            conditions: SAML1.Conditions(
                notBefore: notBefore, notOnOrAfter: notBefore.addingTimeInterval(600),
                audienceRestrictions: [SAML1.AudienceRestrictionCondition([Fixtures.endpoint])]),
            authenticationStatements: [
                SAML1.AuthenticationStatement(
                    subject: SAML1.Subject(nameIdentifier: SAML1.NameIdentifier(subject), confirmation: confirmation),
                    method: .password, instant: notBefore)
            ])
        return try SAMLAssertionSigner(credential: Self.sts).signedDocument(assertion).serialize()
    }

    static func faultSubcode(_ error: any Error) -> QName? { (error as? SecureConversationError)?.fault?.subcode }
    static func wss(_ name: String) -> QName { QName(WSSNamespace.secext, name) }

    // MARK: Accepted

    @Test(arguments: SecureConversationVersion.allCases)
    func holderOfKeySAML20EstablishesAContextOwnedByItsSubject(_ version: SecureConversationVersion) async throws {
        let client = client(service(), bootstrap: holderOfKey(try saml20()), version: version)
        try await client.establish()
        for index in 1...3 {
            let response = try await client.send(Fixtures.hello("m\(index)"), action: Fixtures.helloAction)
            #expect(Fixtures.greeting(response) == "Hello, m\(index), you are alice (issuer: https://sts.tessera.test)")
        }
        try await client.cancel()
        await #expect(throws: (any Error).self) { try await client.send(Fixtures.hello("after"), action: Fixtures.helloAction) }
    }

    /// A NameID means something only within its issuer's namespace (SAML 2.0 Core §2.2.2): two
    /// issuers naming "alice" are two owners, and neither can act on the other's context.
    @Test func theSameNameFromTwoIssuersIsTwoOwners() async throws {
        let otherIssuer = "https://idp.elsewhere.test"
        let other = Fixtures.credential("untrusted")
        var configuration = Fixtures.serviceConfiguration(clock: clock)
        configuration.bootstrap = .issuedSAML(
            SAMLBootstrap(
                issuers: [
                    SAMLBootstrap.Issuer(name: Self.issuerName, certificates: [Self.sts.certificate]),
                    SAMLBootstrap.Issuer(name: otherIssuer, certificates: [other.certificate]),
                ],
                audiences: [Fixtures.endpoint]))
        let service = Fixtures.helloService(configuration)
        let ours = client(service, bootstrap: holderOfKey(try saml20(subject: "alice")))
        let theirs = client(service, bootstrap: holderOfKey(try saml20(subject: "alice", issuer: otherIssuer, signer: other)))
        try await ours.establish()
        let theirContext = try await theirs.establish()
        #expect(
            Fixtures.greeting(try await ours.send(Fixtures.hello("1"), action: Fixtures.helloAction))
                == "Hello, 1, you are alice (issuer: https://sts.tessera.test)")
        #expect(
            Fixtures.greeting(try await theirs.send(Fixtures.hello("2"), action: Fixtures.helloAction))
                == "Hello, 2, you are alice (issuer: https://idp.elsewhere.test)")
        #expect(SAMLBootstrap.owner(nameID: "a (issuer: b)", issuer: "c") != SAMLBootstrap.owner(nameID: "a", issuer: "b) (issuer: c"))

        // Cancel and Renew name a context and must be signed with its key: ours cannot name theirs.
        for binding in [ContextBinding.cancel, .renew] {
            let envelope = SOAPEnvelope(version: .v12)
            var rst = RequestSecurityToken(version: .v13, requestType: binding == .cancel ? .cancel : .renew)
            rst.tokenType = SecureConversationVersion.v13.tokenType
            let holder = XMLDocument(rootLocalName: "CancelTarget", namespace: WSTrustVersion.v13.namespace, prefix: "wst")
            rst.target = SecurityTokenReference.write(
                .reference(uri: theirContext.identifier, valueType: SecureConversationVersion.v13.tokenTypeURI),
                into: holder.root)
            rst.write(into: envelope.body)
            await #expect(throws: SecureConversationError.self) {
                _ = try await ours.send(envelope, action: SecureConversationVersion.v13.requestAction(binding))
            }
        }
        #expect(
            Fixtures.greeting(try await theirs.send(Fixtures.hello("3"), action: Fixtures.helloAction))
                == "Hello, 3, you are alice (issuer: https://idp.elsewhere.test)")
    }

    @Test func holderOfKeySAML11EstablishesAContext() async throws {
        let client = client(service(), bootstrap: holderOfKey(try saml11()))
        try await client.establish()
        #expect(
            Fixtures.greeting(try await client.send(Fixtures.hello("v1"), action: Fixtures.helloAction))
                == "Hello, v1, you are bob (issuer: https://sts.tessera.test)")
    }

    @Test func bearerFromAnIssuerAllowedToSendItIsAcceptedOverTLS() async throws {
        let assertion = try saml20(confirmation: .bearer, key: nil)
        let client = client(service(acceptsBearer: true), bootstrap: .samlBearerOverTLS(assertion: assertion), transport: .tls)
        try await client.establish()
        #expect(
            Fixtures.greeting(try await client.send(Fixtures.hello("b"), action: Fixtures.helloAction))
                == "Hello, b, you are alice (issuer: https://sts.tessera.test)")
    }

    // MARK: Refused

    @Test func assertionFromAnUntrustedSignerIsRefused() async throws {
        let client = client(service(), bootstrap: holderOfKey(try saml20(signer: Fixtures.untrusted)))
        await #expect { try await client.establish() } throws: { Self.faultSubcode($0) == Self.wss("InvalidSecurityToken") }
    }

    @Test func assertionNamingAnotherIssuerIsRefused() async throws {
        // Signed with the trusted key, but in the name of an issuer the service does not know.
        let client = client(service(), bootstrap: holderOfKey(try saml20(issuer: "https://idp.elsewhere.test")))
        await #expect { try await client.establish() } throws: { Self.faultSubcode($0) == Self.wss("InvalidSecurityToken") }
    }

    @Test func expiredAssertionIsRefused() async throws {
        // Expired an hour ago: well beyond the five minutes of clock skew.
        let client = client(service(), bootstrap: holderOfKey(try saml20(validity: 600, issued: -4200)))
        await #expect { try await client.establish() } throws: { Self.faultSubcode($0) == Self.wss("InvalidSecurityToken") }
    }

    @Test func assertionExpiredWithinTheClockSkewIsStillAccepted() async throws {
        let client = client(service(), bootstrap: holderOfKey(try saml20(validity: 600, issued: -660)))
        try await client.establish()
    }

    @Test(arguments: [wrongAudience, nil])
    func assertionForAnotherOrNoAudienceIsRefused(_ audience: String?) async throws {
        let client = client(service(), bootstrap: holderOfKey(try saml20(audience: audience)))
        await #expect { try await client.establish() } throws: { Self.faultSubcode($0) == Self.wss("InvalidSecurityToken") }
    }

    @Test func holderOfKeyAssertionWhoseKeyDidNotSignTheRequestIsRefused() async throws {
        // The gateway signs with its own key while naming alice's assertion: the signature does
        // not verify with the confirmed key.
        let client = client(service(), bootstrap: holderOfKey(try saml20(), signedBy: Fixtures.gateway))
        await #expect { try await client.establish() } throws: { Self.faultSubcode($0) == Self.wss("FailedCheck") }
    }

    @Test func holderOfKeyAssertionWithoutAnyProofIsRefusedEvenOverTLS() async throws {
        let client = client(service(acceptsBearer: true), bootstrap: .samlBearerOverTLS(assertion: try saml20()), transport: .tls)
        await #expect { try await client.establish() } throws: { Self.faultSubcode($0) == Self.wss("FailedAuthentication") }
    }

    @Test func bearerIsRefusedWhenTheIssuerIsNotAllowedToSendIt() async throws {
        let client = client(
            service(acceptsBearer: false), bootstrap: .samlBearerOverTLS(assertion: try saml20(confirmation: .bearer, key: nil)),
            transport: .tls)
        await #expect { try await client.establish() } throws: { Self.faultSubcode($0) == Self.wss("FailedAuthentication") }
    }

    @Test func bearerIsRefusedWithoutTLS() async throws {
        let client = client(service(acceptsBearer: true), bootstrap: .samlBearerOverTLS(assertion: try saml20(confirmation: .bearer, key: nil)))
        await #expect { try await client.establish() } throws: { Self.faultSubcode($0) == Self.wss("FailedAuthentication") }
    }

    @Test func requestWithoutAnAssertionIsRefused() async throws {
        let client = client(
            service(),
            bootstrap: .x509(
                credential: Fixtures.gateway, serviceCertificate: Fixtures.service.certificate,
                trustStore: Fixtures.trustStore()))
        await #expect { try await client.establish() } throws: { Self.faultSubcode($0) == Self.wss("FailedAuthentication") }
    }
}
