import SecurityCore
import Testing
import Foundation
import SAML
import TesseraCrypto
import WSSecurity
import X509
import XMLCore
import XMLSecurity
import TesseraTestSupport

/// The test PKI in Tests/TesseraTestSupport/Fixtures (see its README): TEST KEYS ONLY. `sts`
/// signs assertions, `service` is the relying party, `gateway` the requestor, `ca` the anchor.
enum Fixtures {
    static let directory = TesseraTestEnvironment.fixtures

    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    static func text(_ name: String) -> String {
        try! String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }

    static func certificate(_ name: String) -> Certificate {
        try! Certificate(pemEncoded: text("\(name).cert.pem"))
    }

    static func credential(_ name: String) -> X509Credential {
        X509Credential(privateKey: try! PrivateKey(pemRepresentation: text("\(name).key.pem")), certificate: certificate(name))
    }

    static let ca = certificate("ca")
    static let sts = credential("sts")
    static let service = credential("service")
    static let gateway = credential("gateway")
    static let untrusted = credential("untrusted")
    static let trustStore = X509TrustStore(anchors: [ca])

    static let stsIssuer = "https://sts.tessera.test/"
    /// The relying party of the token-transformation scenario.
    static let audience = "http://testHost/HelloService"
    /// A fixed instant inside every test certificate's validity: 2030-01-01T00:00:00Z.
    static let now = Date(timeIntervalSince1970: 1_893_456_000)
}

/// Sample assertions of the shapes the STS issues.
enum Samples {
    static let lifetime: TimeInterval = 300

    static func issuer() -> SAML2.Issuer {
        SAML2.Issuer(Fixtures.stsIssuer, format: .entity)
    }

    static func conditions(_ now: Date, audience: String = Fixtures.audience) -> SAML2.Conditions {
        SAML2.Conditions(
            notBefore: now, notOnOrAfter: now.addingTimeInterval(lifetime),
            audienceRestrictions: [SAML2.AudienceRestriction([audience])])
    }

    static func statements(_ now: Date) -> ([SAML2.AuthnStatement], [SAML2.AttributeStatement]) {
        (
            [
                SAML2.AuthnStatement(
                    authnInstant: now, sessionIndex: "_session-1",
                    authnContext: SAML2.AuthnContext(classRef: .passwordProtectedTransport))
            ],
            [
                SAML2.AttributeStatement([
                    SAML2.Attribute(
                        name: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name", nameFormat: .uri,
                        friendlyName: "name", values: ["jdoe"]),
                    SAML2.Attribute(name: "role", nameFormat: .basic, values: ["reader", "writer & <admin>"]),
                ])
            ]
        )
    }

    /// The assertion of the token-transformation scenario: sender-vouches, `<NameID
    /// NameQualifier="STS">jdoe</NameID>`.
    static func senderVouches(_ now: Date = Fixtures.now) -> SAML2.Assertion {
        let (authn, attributes) = statements(now)
        return SAML2.Assertion(
            issueInstant: now, issuer: issuer(),
            subject: SAML2.Subject(
                nameID: SAML2.NameID("jdoe", nameQualifier: "STS"),
                confirmations: [SAML2.SubjectConfirmation(method: .senderVouches)]),
            conditions: conditions(now), authnStatements: authn, attributeStatements: attributes)
    }

    static func bearer(_ now: Date = Fixtures.now) -> SAML2.Assertion {
        let (authn, attributes) = statements(now)
        let data = SAML2.SubjectConfirmationData(notOnOrAfter: now.addingTimeInterval(lifetime), recipient: Fixtures.audience)
        return SAML2.Assertion(
            issueInstant: now, issuer: issuer(),
            subject: SAML2.Subject(
                nameID: SAML2.NameID("jdoe@tessera.test", format: .emailAddress),
                confirmations: [SAML2.SubjectConfirmation(method: .bearer, data: data)]),
            conditions: conditions(now), authnStatements: authn, attributeStatements: attributes)
    }

    static func holderOfKey(_ now: Date = Fixtures.now, key: SAMLConfirmationKey = .certificate(Fixtures.gateway.certificate)) -> SAML2.Assertion {
        let data = SAML2.SubjectConfirmationData(notBefore: now, notOnOrAfter: now.addingTimeInterval(lifetime), keys: [key])
        return SAML2.Assertion(
            issueInstant: now, issuer: issuer(),
            subject: SAML2.Subject(
                nameID: SAML2.NameID("CN=gateway.tessera.test", format: .x509SubjectName),
                confirmations: [SAML2.SubjectConfirmation(method: .holderOfKey, data: data)]),
            conditions: conditions(now),
            authnStatements: [SAML2.AuthnStatement(authnInstant: now, authnContext: SAML2.AuthnContext(classRef: .x509))])
    }

    /// An ActAs token: jdoe, with the gateway recorded as the delegate that acted.
    static func actAs(_ now: Date = Fixtures.now) -> SAML2.Assertion {
        var assertion = senderVouches(now)
        assertion.conditions?.delegationRestriction = SAML2.DelegationRestriction([
            SAML2.Delegate(
                nameID: SAML2.NameID("CN=gateway.tessera.test", format: .x509SubjectName),
                delegationInstant: now, confirmationMethod: .senderVouches)
        ])
        return assertion
    }

    static func saml11(_ now: Date = Fixtures.now, method: SAML1.ConfirmationMethod = .senderVouches) -> SAML1.Assertion {
        let subject = SAML1.Subject(
            nameIdentifier: SAML1.NameIdentifier("jdoe", nameQualifier: "STS"),
            confirmation: SAML1.SubjectConfirmation(methods: [method]))
        return SAML1.Assertion(
            issuer: Fixtures.stsIssuer, issueInstant: now,
            conditions: SAML1.Conditions(
                notBefore: now, notOnOrAfter: now.addingTimeInterval(lifetime),
                audienceRestrictions: [SAML1.AudienceRestrictionCondition([Fixtures.audience])]),
            authenticationStatements: [SAML1.AuthenticationStatement(subject: subject, method: .password, instant: now)],
            attributeStatements: [
                SAML1.AttributeStatement(
                    subject: subject,
                    attributes: [
                        SAML1.Attribute(name: "name", namespace: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims", values: ["jdoe"])
                    ])
            ])
    }
}

/// The validator the tests use: trusts the test CA, accepts the STS, answers to the Listing's
/// audience.
func makeValidator(
    now: Date = Fixtures.now, skew: TimeInterval = 300,
    allowed: Set<SAMLConfirmationKind> = [.bearer, .senderVouches, .holderOfKey]
) -> SAMLAssertionValidator {
    SAMLAssertionValidator(trustStore: Fixtures.trustStore, clock: .fixed(now), clockSkew: skew) {
        SAMLIssuerPolicy(allowed: [Fixtures.stsIssuer])
        SAMLAudiencePolicy(audience: Fixtures.audience)
        SAMLSubjectConfirmationPolicy(allowed: allowed)
    }
}

/// Signs with the STS and sends through bytes, as a relying party receives the assertion.
func signedAndReceived(_ assertion: SAML2.Assertion, signer: X509Credential = Fixtures.sts) throws -> XMLDocument {
    try XMLDocument(parsing: SAMLAssertionSigner(credential: signer).signedDocument(assertion).serialize())
}

func signedAndReceived(_ assertion: SAML1.Assertion, signer: X509Credential = Fixtures.sts) throws -> XMLDocument {
    try XMLDocument(parsing: SAMLAssertionSigner(credential: signer).signedDocument(assertion).serialize())
}

/// Expects `body` to throw a ``SAMLError`` with `code`.
func expectSAMLError(
    _ code: SAMLError.Code, sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () async throws -> Void
) async {
    do {
        try await body()
        Issue.record("expected \(code), nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as SAMLError {
        #expect(error.code == code, "expected \(code), got \(error)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected SAMLError \(code), got \(error)", sourceLocation: sourceLocation)
    }
}

extension Array where Element == UInt8 {
    var utf8String: String { String(decoding: self, as: UTF8.self) }
}

extension XMLDocument {
    convenience init(_ text: String) throws {
        try self.init(parsing: Array(text.utf8))
    }
}

/// Signs an assertion document the way ``SAMLAssertionSigner`` does, for content the models do
/// not write (unknown conditions, forged shapes).
@discardableResult
func signByHand(
    _ document: XMLDocument, id: String, before sibling: XMLElement? = nil,
    signer: X509Credential = Fixtures.sts
) throws -> XMLDocument {
    let root = document.root
    let position = sibling ?? root.firstChild("Issuer", SAMLNamespace.assertion20)?.nextSibling
    let builder = SignatureBuilder(references: [.init(uri: "#" + id, transforms: .envelopedExclusive)])
    try builder.sign(in: root, before: position, key: .privateKey(signer.privateKey)) { keyInfo in
        let ds = XMLSecurityNamespace.ds
        keyInfo.addChild("X509Data", ds, prefix: "ds").addChild("X509Certificate", ds, prefix: "ds")
            .setText(Data(try signer.certificate.derBytes).base64EncodedString())
    }
    return document
}
