import Foundation
import SAML
import Testing
import WSSecurity
import XMLCore
import XMLSecurity

/// Build → sign → serialize → parse → validate for every SAML 2.0 shape the STS issues.
struct SAML2RoundTripTests {
    static let shapes: [(String, SAML2.Assertion)] = [
        ("sender-vouches (Listing 3)", Samples.senderVouches()),
        ("bearer", Samples.bearer()),
        ("holder-of-key X.509", Samples.holderOfKey()),
        ("ActAs delegation", Samples.actAs()),
    ]

    @Test(arguments: shapes.indices)
    func signedAssertionValidatesAndReadsBackEqual(_ index: Int) async throws {
        let (name, assertion) = Self.shapes[index]
        let document = try signedAndReceived(assertion)
        let validated = try await makeValidator().validate(document.root)
        #expect(validated.assertion == .saml20(assertion), "\(name)")
        #expect(validated.signer == Fixtures.sts.certificate)
        #expect(validated.facts.issuer == Fixtures.stsIssuer)
        #expect(validated.element == document.root)
    }

    @Test func listing3SubjectIsWrittenAsInTheScenario() throws {
        let document = try SAMLAssertionSigner(credential: Fixtures.sts).signedDocument(Samples.senderVouches())
        let text = document.serialize().utf8String
        #expect(text.contains(#"<saml2:NameID NameQualifier="STS">jdoe</saml2:NameID>"#))
        #expect(text.contains(#"<saml2:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:sender-vouches"/>"#))
        #expect(text.contains(#"Version="2.0""#))
        // Signature right after Issuer (saml-core §2.3.3 schema order).
        let children = document.root.children.map(\.localName)
        #expect(Array(children.prefix(3)) == ["Issuer", "Signature", "Subject"])
    }

    @Test func signatureFollowsTheSAMLProfile() throws {
        let assertion = Samples.senderVouches()
        let document = try SAMLAssertionSigner(credential: Fixtures.sts).signedDocument(assertion)
        let ds = XMLSecurityNamespace.ds
        let signature = try #require(document.root.firstChild("Signature", ds))
        let signedInfo = try #require(signature.firstChild("SignedInfo", ds))
        #expect(signedInfo.firstChild("SignatureMethod", ds)?.attribute("Algorithm") == "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256")
        #expect(signedInfo.firstChild("CanonicalizationMethod", ds)?.attribute("Algorithm") == "http://www.w3.org/2001/10/xml-exc-c14n#")
        let references = signedInfo.children("Reference", ds)
        #expect(references.count == 1)
        #expect(references.first?.attribute("URI") == "#" + assertion.id)
        let transforms = references.first?.firstChild("Transforms", ds)?.children("Transform", ds).compactMap { $0.attribute("Algorithm") }
        #expect(transforms == ["http://www.w3.org/2000/09/xmldsig#enveloped-signature", "http://www.w3.org/2001/10/xml-exc-c14n#"])
        #expect(references.first?.firstChild("DigestMethod", ds)?.attribute("Algorithm") == "http://www.w3.org/2001/04/xmlenc#sha256")
        let certificate = signature.firstChild("KeyInfo", ds)?.firstChild("X509Data", ds)?.firstChild("X509Certificate", ds)?.trimmedText
        #expect(certificate.flatMap { Data(base64Encoded: $0) }.map { [UInt8]($0) } == (try Fixtures.sts.certificate.derBytes))
    }

    @Test func generatedIDsAreUnderscoreAnd44HexDigits() {
        let ids = (0..<50).map { _ in SAMLIdentifier.generate() }
        for id in ids {
            #expect(id.count == 45 && id.first == "_" && id.dropFirst().allSatisfy(\.isHexDigit), "\(id)")
            #expect(SAMLIdentifier.isValid(id))
        }
        #expect(Set(ids).count == ids.count)
        #expect(!SAMLIdentifier.isValid("uuid:76a197ba"))
        #expect(!SAMLIdentifier.isValid("1abc"))
        #expect(SAMLIdentifier.isValid("uuid-76a197ba-c2e8-4704-97a2-147db7619f2c"))
    }

    /// Relying parties and ADFS clients copy the assertion's bytes: once placed in a SOAP-like
    /// document that declares the same prefixes, the assertion still declares its own
    /// namespaces, and its serialization alone parses and validates.
    @Test func assertionInsertedIntoAnotherDocumentCarriesItsOwnNamespaces() async throws {
        let host = try XMLDocument(
            """
            <S:Envelope xmlns:S="http://www.w3.org/2003/05/soap-envelope" \
            xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" \
            xmlns:xs="http://www.w3.org/2001/XMLSchema"><S:Body><trust:RequestedSecurityToken \
            xmlns:trust="http://docs.oasis-open.org/ws-sx/ws-trust/200512"/></S:Body></S:Envelope>
            """)
        let container = try #require(host.root.children.first?.children.first)
        let inserted = try SAMLAssertionSigner(credential: Fixtures.sts).sign(Samples.actAs(), into: container)
        #expect(inserted.parent == container)
        _ = try await makeValidator().validate(inserted)

        let bytes = host.serialize(inserted)
        let text = bytes.utf8String
        for declaration in ["xmlns:saml2=", "xmlns:ds=", "xmlns:xs=", "xmlns:xsi=", "xmlns:del="] {
            #expect(text.contains(declaration), "\(declaration) missing from the forwarded bytes")
        }
        let forwarded = try XMLDocument(parsing: bytes)
        let validated = try await makeValidator().validate(forwarded.root)
        #expect(validated.assertion.id == (try SAMLAssertion(element: inserted)).id)
    }

    @Test func holderOfKeyCertificateIsExposedToTheCaller() async throws {
        let validated = try await makeValidator().validate(try signedAndReceived(Samples.holderOfKey()).root)
        let confirmation = try #require(validated.facts.subjects.first?.confirmations.first)
        #expect(confirmation.kind == .holderOfKey)
        #expect(confirmation.keys == [.certificate(Fixtures.gateway.certificate)])
        let text = try SAMLAssertionSigner(credential: Fixtures.sts).signedDocument(Samples.holderOfKey()).serialize().utf8String
        #expect(text.contains(#"xsi:type="saml2:KeyInfoConfirmationDataType""#))
    }

    /// A symmetric proof key (WS-Trust HoK with a symmetric key) travels encrypted for the
    /// relying party; only the service key recovers it.
    @Test func holderOfKeySymmetricProofKeyIsRecoveredByTheRelyingPartyOnly() async throws {
        let proofKey = Array(0..<32).map(UInt8.init)
        let encrypted = try SAMLEncryptedKey.encrypting(proofKey, for: Fixtures.service.certificate)
        let assertion = Samples.holderOfKey(key: .encryptedKey(encrypted))
        let validated = try await makeValidator().validate(try signedAndReceived(assertion).root)
        guard case .encryptedKey(let received) = try #require(validated.facts.subjects.first?.confirmations.first?.keys.first) else {
            Issue.record("expected an EncryptedKey proof key")
            return
        }
        #expect(received.recipient == Fixtures.service.certificate)
        #expect(try received.decrypt(with: Fixtures.service.privateKey, keyLength: 32) == proofKey)
        await expectSAMLError(.decryptionFailed) {
            _ = try received.decrypt(with: Fixtures.gateway.privateKey, keyLength: 32)
        }
    }

    @Test func delegationRestrictionIsWrittenPerTheDelegationProfile() async throws {
        let document = try signedAndReceived(Samples.actAs())
        let condition = try #require(
            document.root.firstChild("Conditions", SAMLNamespace.assertion20)?
                .firstChild("Condition", SAMLNamespace.assertion20))
        #expect(condition.attribute("type", SAMLNamespace.xsi) == "del:DelegationRestrictionType")
        let delegate = try #require(condition.firstChild("Delegate", SAMLNamespace.delegation))
        #expect(delegate.attribute("ConfirmationMethod") == SAML2.ConfirmationMethod.senderVouches.rawValue)
        #expect(delegate.firstChild("NameID", SAMLNamespace.assertion20)?.trimmedText == "CN=gateway.tessera.test")
        let validated = try await makeValidator().validate(document.root)
        #expect(validated.facts.conditions.contains(.delegationRestriction))
    }
}
