import Foundation
import SAML
import Testing
import XMLCore
import XMLSecurity

/// Signature wrapping: a forged assertion placed beside, around or instead of the signed one.
/// The validator judges only the element the signature covers.
struct SignatureWrappingTests {
    /// A document holding the signed original and a forged copy with another subject and ID;
    /// the forged copy keeps the original's signature, whose reference still names the original.
    func wrappedDocument() throws -> (document: XMLDocument, original: XMLElement, forged: XMLElement) {
        let signed = try SAMLAssertionSigner(credential: Fixtures.sts).signedDocument(Samples.senderVouches())
        let document = try XMLDocument(
            """
            <S:Envelope xmlns:S="http://www.w3.org/2003/05/soap-envelope"><S:Header><wsse:Security \
            xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"/>\
            </S:Header><S:Body/></S:Envelope>
            """)
        let security = try #require(document.root.children.first?.children.first)
        let body = try #require(document.root.children.last)
        let original = body.addCopy(of: signed.root)
        let forged = security.addCopy(of: signed.root)
        forged.setAttribute("ID", value: SAMLIdentifier.generate())
        try #require(forged.firstChild("Subject", SAMLNamespace.assertion20)?.firstChild("NameID", SAMLNamespace.assertion20))
            .setText("admin")
        return (document, original, forged)
    }

    /// The classic wrap: the signature moves into the forged copy and still verifies
    /// cryptographically (its reference resolves to the original, now without signature), but
    /// it does not cover the forged element.
    @Test func forgedCopyCarryingTheSignatureIsRefused() async throws {
        let (_, original, forged) = try wrappedDocument()
        try #require(original.firstChild("Signature", XMLSecurityNamespace.ds)).remove()
        await expectSAMLError(.signatureScope) { _ = try await makeValidator().validate(forged) }
        await expectSAMLError(.unsigned) { _ = try await makeValidator().validate(original) }
    }

    /// Both copies keep a signature: the forged one's reference names the original, whose
    /// digest (with its own signature inside) cannot match. The original still validates and
    /// says what was signed.
    @Test func forgedCopyBesideTheOriginalIsRefused() async throws {
        let (_, original, forged) = try wrappedDocument()
        do {
            _ = try await makeValidator().validate(forged)
            Issue.record("the forged assertion was accepted")
        } catch let error as SAMLError {
            #expect(error.code == .invalidSignature || error.code == .signatureScope, "\(error)")
        }
        let validated = try await makeValidator().validate(original)
        #expect(validated.facts.subjects.first?.name == "jdoe")
        #expect(validated.element == original)
    }

    /// The forged copy keeps the original's ID so the reference would resolve to it: the
    /// document then carries the ID twice and is refused whichever element is validated.
    @Test func duplicateIDIsRefused() async throws {
        let (_, original, forged) = try wrappedDocument()
        forged.setAttribute("ID", value: try #require(original.attribute("ID")))
        await expectSAMLError(.duplicateID) { _ = try await makeValidator().validate(forged) }
        await expectSAMLError(.duplicateID) { _ = try await makeValidator().validate(original) }
    }

    /// The original moved inside the forged assertion (where an extension would hide it): the
    /// forged one has no signature of its own.
    @Test func originalHiddenInsideAForgedAssertionIsRefused() async throws {
        let signed = try SAMLAssertionSigner(credential: Fixtures.sts).signedDocument(Samples.senderVouches())
        var forgedModel = Samples.senderVouches()
        forgedModel.subject?.nameID = SAML2.NameID("admin")
        forgedModel.advice = SAML2.Advice()
        let forgedDocument = try forgedModel.makeDocument()
        let advice = try #require(forgedDocument.root.firstChild("Advice", SAMLNamespace.assertion20))
        advice.addCopy(of: signed.root)
        await expectSAMLError(.unsigned) { _ = try await makeValidator().validate(forgedDocument.root) }
    }

    /// The forged assertion carries the original's signature, and the original (with its ID,
    /// without its signature) is moved inside the forged assertion's Advice so the reference
    /// resolves and the digest matches there.
    @Test func signatureReferencingANestedOriginalIsRefused() async throws {
        let signed = try SAMLAssertionSigner(credential: Fixtures.sts).signedDocument(Samples.senderVouches())
        var forgedModel = Samples.senderVouches()
        forgedModel.id = SAMLIdentifier.generate()
        forgedModel.subject?.nameID = SAML2.NameID("admin")
        forgedModel.advice = SAML2.Advice()
        let forgedDocument = try forgedModel.makeDocument()
        let root = forgedDocument.root
        let signature = try #require(signed.root.firstChild("Signature", XMLSecurityNamespace.ds))
        let subject = try #require(root.firstChild("Subject", SAMLNamespace.assertion20))
        root.addCopy(of: signature, before: subject)
        let nested = try #require(root.firstChild("Advice", SAMLNamespace.assertion20)).addCopy(of: signed.root)
        try #require(nested.firstChild("Signature", XMLSecurityNamespace.ds)).remove()
        let received = try XMLDocument(parsing: forgedDocument.serialize())
        await expectSAMLError(.signatureScope) { _ = try await makeValidator().validate(received.root) }
    }
}
