import Foundation
import FuzzSupport
import SAML
import WSSecurity

/// The generated seed inputs: SAML 2.0 and 1.1 assertions of the shapes the STS issues,
/// signed by the test PKI's STS at ``TestPKI/created``.
enum SignedAssertions {
    static let issuer = "https://sts.tessera.test/"
    static let audience = "http://testHost/HelloService"

    static func all() throws -> [(name: String, bytes: [UInt8])] {
        let now = TestPKI.created, later = TestPKI.created.addingTimeInterval(300)
        let signer = SAMLAssertionSigner(credential: TestPKI.credential("sts"))
        var chained = signer
        chained.includeChain = true
        let conditions = SAML2.Conditions(notBefore: now, notOnOrAfter: later, audienceRestrictions: [SAML2.AudienceRestriction([audience])])
        let authn = [SAML2.AuthnStatement(authnInstant: now, sessionIndex: "_session-1",
                                          authnContext: SAML2.AuthnContext(classRef: .passwordProtectedTransport))]
        let attributes = [SAML2.AttributeStatement([
            SAML2.Attribute(name: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name", nameFormat: .uri,
                            friendlyName: "name", values: ["jdoe"]),
            SAML2.Attribute(name: "role", nameFormat: .basic, values: ["reader", "writer & <admin>"]),
        ])]
        func saml2(_ nameID: SAML2.NameID, _ confirmation: SAML2.SubjectConfirmation) -> SAML2.Assertion {
            SAML2.Assertion(issueInstant: now, issuer: SAML2.Issuer(issuer, format: .entity),
                            subject: SAML2.Subject(nameID: nameID, confirmations: [confirmation]),
                            conditions: conditions, authnStatements: authn, attributeStatements: attributes)
        }
        let senderVouches = saml2(SAML2.NameID("jdoe", nameQualifier: "STS"), SAML2.SubjectConfirmation(method: .senderVouches))
        let bearer = saml2(SAML2.NameID("jdoe@tessera.test", format: .emailAddress), SAML2.SubjectConfirmation(
            method: .bearer, data: SAML2.SubjectConfirmationData(notOnOrAfter: later, recipient: audience)))
        let holderOfKey = saml2(SAML2.NameID("CN=gateway.tessera.test", format: .x509SubjectName), SAML2.SubjectConfirmation(
            method: .holderOfKey, data: SAML2.SubjectConfirmationData(notBefore: now, notOnOrAfter: later,
                                                                      keys: [.certificate(TestPKI.certificate("gateway"))])))
        var actAs = senderVouches
        actAs.conditions?.delegationRestriction = SAML2.DelegationRestriction([
            SAML2.Delegate(nameID: SAML2.NameID("CN=gateway.tessera.test", format: .x509SubjectName),
                           delegationInstant: now, confirmationMethod: .senderVouches),
        ])
        var seeds: [(name: String, bytes: [UInt8])] = [
            ("saml2-sender-vouches.xml", try signer.signedDocument(senderVouches).serialize()),
            ("saml2-bearer.xml", try signer.signedDocument(bearer).serialize()),
            ("saml2-holder-of-key.xml", try signer.signedDocument(holderOfKey).serialize()),
            ("saml2-act-as.xml", try signer.signedDocument(actAs).serialize()),
            ("saml2-chain.xml", try chained.signedDocument(bearer).serialize()),
        ]
        for method in [SAML1.ConfirmationMethod.senderVouches, .bearer] {
            let subject = SAML1.Subject(nameIdentifier: SAML1.NameIdentifier("jdoe", nameQualifier: "STS"),
                                        confirmation: SAML1.SubjectConfirmation(methods: [method]))
            let assertion = SAML1.Assertion(
                issuer: issuer, issueInstant: now,
                conditions: SAML1.Conditions(notBefore: now, notOnOrAfter: later,
                                             audienceRestrictions: [SAML1.AudienceRestrictionCondition([audience])]),
                authenticationStatements: [SAML1.AuthenticationStatement(subject: subject, method: .password, instant: now)],
                attributeStatements: [SAML1.AttributeStatement(subject: subject, attributes: [
                    SAML1.Attribute(name: "name", namespace: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims", values: ["jdoe"]),
                ])])
            seeds.append(("saml1-\(method == .bearer ? "bearer" : "sender-vouches").xml", try signer.signedDocument(assertion).serialize()))
        }
        return seeds
    }
}
