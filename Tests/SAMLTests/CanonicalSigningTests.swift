import Foundation
import SecurityCore
import Testing
import XMLCore
import XMLSecurity

@testable import SAML

/// ``SAMLAssertionSigner/signedVerbatim(_:)`` writes and signs a SAML 2.0 assertion as bytes in
/// its canonical form, without a tree. Its bytes must be, byte for byte, the tree-signed
/// assertion (``SAMLAssertionSigner/signedDocument(_:)-(SAML2.Assertion)``) canonicalized as its
/// reference canonicalizes it (RSA PKCS#1 v1.5 signatures are deterministic, so the signatures
/// are the same too); they must parse and validate as that assertion; and in place of a
/// placeholder the canonical form it carries must be what the tree's copy canonicalizes to.
@Suite struct CanonicalSigningTests {
    static let shapes: [(String, SAML2.Assertion)] = [
        ("sender-vouches with attributes", Samples.senderVouches()),
        ("bearer", Samples.bearer()),
        ("ActAs delegation", Samples.actAs()),
        ("every optional element and attribute", everything()),
        ("text and values to escape", escaping()),
        ("no statements", SAML2.Assertion(issueInstant: Fixtures.now, issuer: SAML2.Issuer("https://sts.tessera.test/"))),
    ]

    static func everything() -> SAML2.Assertion {
        var assertion = Samples.actAs()
        assertion.issuer = SAML2.Issuer(Fixtures.stsIssuer, format: .entity, nameQualifier: "q", spNameQualifier: "sp", spProvidedID: "id-1")
        let data = SAML2.SubjectConfirmationData(
            notBefore: Fixtures.now, notOnOrAfter: Fixtures.now.addingTimeInterval(60), recipient: Fixtures.audience,
            inResponseTo: "_req", address: "192.0.2.1")
        assertion.subject?.confirmations.append(
            SAML2.SubjectConfirmation(method: .bearer, nameID: SAML2.NameID("presenter", format: .unspecified), data: data))
        assertion.conditions?.audienceRestrictions.append(SAML2.AudienceRestriction(["urn:a", "urn:b"]))
        assertion.conditions?.oneTimeUse = true
        assertion.conditions?.proxyRestriction = SAML2.ProxyRestriction(count: 2, audiences: ["urn:proxy"])
        assertion.advice = SAML2.Advice()
        assertion.authnStatements.append(
            SAML2.AuthnStatement(
                authnInstant: Fixtures.now.addingTimeInterval(0.25), sessionIndex: "s", sessionNotOnOrAfter: Fixtures.now.addingTimeInterval(600),
                authnContext: SAML2.AuthnContext(classRef: nil, declarationRef: "urn:decl", authenticatingAuthorities: ["urn:idp1", "urn:idp2"])))
        return assertion
    }

    static func escaping() -> SAML2.Assertion {
        var assertion = Samples.senderVouches()
        assertion.subject?.nameID = SAML2.NameID("a&b <c> \"d\" 'e'\tf\r\ng é 😀", nameQualifier: "q\"&<>\t\n\r")
        assertion.attributeStatements = [
            SAML2.AttributeStatement([
                SAML2.Attribute(name: "n\"&<", nameFormat: .basic, friendlyName: "\t", values: ["", "]]>", "x\ry", "\u{FFFD}"])
            ])
        ]
        return assertion
    }

    static let signer = SAMLAssertionSigner(credential: Fixtures.sts)

    @Test(arguments: shapes.indices)
    func bytesAreTheTreeSignedAssertionCanonicalized(_ index: Int) throws {
        let (name, assertion) = Self.shapes[index]
        let verbatim = try #require(try Self.signer.signedVerbatim(assertion), "\(name)")
        let document = try Self.signer.signedDocument(assertion)
        let method = CanonicalizationMethod.exclusive(withComments: false, inclusivePrefixes: assertion.qNameContentPrefixes)
        #expect(verbatim.bytes == (try document.canonicalize(document.root, method: method)), "\(name)")
    }

    @Test(arguments: shapes.indices)
    func bytesParseAndValidate(_ index: Int) async throws {
        let (name, assertion) = Self.shapes[index]
        guard assertion.subject != nil else { return }
        let verbatim = try #require(try Self.signer.signedVerbatim(assertion))
        let parsed = try XMLDocument(parsing: verbatim.bytes)
        #expect(try SAML2.Assertion(element: parsed.root) == assertion, "\(name)")
        // One-time use and further audiences are their policies' business.
        guard assertion.conditions?.oneTimeUse != true else { return }
        #expect(try await makeValidator().validate(parsed.root).assertion == .saml20(assertion), "\(name)")
    }

    /// In a response Body, the placeholder canonicalizes as a copy of the tree-signed assertion:
    /// the form without the PrefixList, `xs` rendered nowhere and `del` where first used.
    @Test(arguments: shapes.indices)
    func inPlaceTheFormIsTheCopysForm(_ index: Int) throws {
        let (name, assertion) = Self.shapes[index]
        let verbatim = try #require(try Self.signer.signedVerbatim(assertion))
        let body = """
            <s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><wst:RequestedSecurityToken \
            xmlns:wst="http://docs.oasis-open.org/ws-sx/ws-trust/200512"/></s:Body></s:Envelope>
            """
        let placed = try XMLDocument(parsing: Array(body.utf8))
        placed.root.children[0].children[0].addVerbatimOrCopy(verbatim)
        let copied = try XMLDocument(parsing: Array(body.utf8))
        copied.root.children[0].children[0].addCopy(of: try Self.signer.signedDocument(assertion).root)
        #expect(
            try placed.canonicalize(placed.root.children[0], method: .exclusive) == copied.canonicalize(copied.root.children[0], method: .exclusive),
            "\(name)")
        #expect(placed.serialize().utf8String.contains(verbatim.bytes.utf8String))
    }

    @Test func theCertificateChainFollowsTheSigningCertificate() throws {
        var signer = SAMLAssertionSigner(
            credential: X509Credential(privateKey: Fixtures.sts.privateKey, certificate: Fixtures.sts.certificate, chain: [Fixtures.ca]))
        signer.includeChain = true
        let assertion = Samples.bearer()
        let verbatim = try #require(try signer.signedVerbatim(assertion))
        let document = try signer.signedDocument(assertion)
        let method = CanonicalizationMethod.exclusive(withComments: false, inclusivePrefixes: assertion.qNameContentPrefixes)
        #expect(verbatim.bytes == (try document.canonicalize(document.root, method: method)))
    }

    /// Holder-of-key keys and characters XML does not allow are left to the tree writers.
    @Test func whatOnlyTheTreeWritersWriteIsLeftToThem() throws {
        #expect(try Self.signer.signedVerbatim(Samples.holderOfKey()) == nil)
        var assertion = Samples.bearer()
        assertion.subject?.nameID = SAML2.NameID("bell\u{7}")
        #expect(try Self.signer.signedVerbatim(assertion) == nil)
    }
}
