import Testing
import TesseraCrypto
import XMLCore
@testable import XMLSecurity

struct SignatureRoundTripTests {
    let ds = XMLSecurityNamespace.ds

    private func signedEnvelope(
        algorithm: SignatureAlgorithm = .rsaSHA256, key: SigningKey = .privateKey(TestKeys.rsa),
        c14n: CanonicalizationMethod = .exclusive
    ) throws -> XMLDocument {
        let document = try XMLDocument(parsing: Array(SampleEnvelope.text.utf8))
        let security = try #require(document.root.children.first?.children.first)
        let builder = SignatureBuilder(
            algorithm: algorithm, canonicalization: c14n,
            references: [
                .init(uri: "#ts"), .init(uri: "#body", transforms: .init(canonicalization: c14n)),
            ])
        try builder.sign(in: security, key: key)
        // What goes on the wire is bytes: verify what a peer would parse.
        return try XMLDocument(parsing: document.serialize())
    }

    private func verify(_ document: XMLDocument, key: VerificationKey) throws -> VerifiedSignature {
        let signature = try #require(document.root.descendantsAndSelf.first { $0.is("Signature", ds) })
        return try SignatureVerifier().verify(signature, key: key, index: try IDIndex(document))
    }

    @Test(arguments: [SignatureAlgorithm.rsaSHA256, .rsaSHA512, .rsaPSSSHA256])
    func rsaSignatureVerifiesAndReportsCoverage(_ algorithm: SignatureAlgorithm) throws {
        let document = try signedEnvelope(algorithm: algorithm)
        let verified = try verify(document, key: .publicKey(TestKeys.rsa.publicKey))
        let index = try IDIndex(document)
        #expect(verified.algorithm == algorithm)
        #expect(verified.signedElements == [try index.element(withID: "ts"), try index.element(withID: "body")])
        #expect(verified.covers(try index.element(withID: "body").children[0]))
        let other = try #require(document.root.children.first?.children.last)
        #expect(other.localName == "Other")
        #expect(!verified.covers(other))
    }

    @Test func ecdsaSignatureVerifies() throws {
        let document = try signedEnvelope(algorithm: .ecdsaSHA256, key: .privateKey(TestKeys.p256))
        let verified = try verify(document, key: .publicKey(TestKeys.p256.publicKey))
        #expect(verified.references.count == 2)
    }

    @Test(arguments: [SignatureAlgorithm.hmacSHA1, .hmacSHA256])
    func hmacSignatureVerifies(_ algorithm: SignatureAlgorithm) throws {
        let document = try signedEnvelope(algorithm: algorithm, key: .secret(TestKeys.hmac))
        _ = try verify(document, key: .secret(TestKeys.hmac))
        let error = try #require(throws: XMLSecurityError.self) { try verify(document, key: .secret(Array("another key of 128 bits".utf8))) }
        #expect(error.code == .invalidSignature)
    }

    /// A correctly computed HMAC under a key shorter than 128 bits (WS-SecurityPolicy 1.2 §6.1)
    /// is refused: with a one-byte key, 256 guesses forge any message.
    @Test(arguments: [1, 8, 15])
    func hmacUnderAShortKeyIsRefused(_ length: Int) throws {
        let key = [UInt8](repeating: 0x2A, count: length)
        let document = try signedEnvelope(algorithm: .hmacSHA256, key: .secret(key))
        let error = try #require(throws: XMLSecurityError.self) { try verify(document, key: .secret(key)) }
        #expect(error.code == .weakKey)
        var lenient = SignatureVerificationPolicy()
        lenient.minimumHMACKeyBytes = 1
        let signature = try #require(document.root.descendantsAndSelf.first { $0.is("Signature", ds) })
        let floored = try #require(throws: XMLSecurityError.self) {
            try SignatureVerifier(policy: lenient).verify(signature, key: .secret(key), index: try IDIndex(document))
        }
        #expect(floored.code == .weakKey)
    }

    @Test func inclusiveNamespacesPrefixListRoundTrips() throws {
        let c14n = CanonicalizationMethod.exclusive(withComments: false, inclusivePrefixes: ["soap", "#default"])
        let document = try signedEnvelope(c14n: c14n)
        let prefixList = document.root.descendantsAndSelf.first { $0.localName == "InclusiveNamespaces" }?.attribute("PrefixList")
        #expect(prefixList == "soap #default")
        _ = try verify(document, key: .publicKey(TestKeys.rsa.publicKey))
    }

    @Test func wrongKeyFails() throws {
        let document = try signedEnvelope()
        let error = try #require(throws: XMLSecurityError.self) { try verify(document, key: .publicKey(TestKeys.otherRSA.publicKey)) }
        #expect(error.code == .invalidSignature)
    }

    @Test func keyOfTheWrongKindIsRefused() throws {
        let document = try signedEnvelope()
        let error = try #require(throws: XMLSecurityError.self) { try verify(document, key: .secret(TestKeys.hmac)) }
        #expect(error.code == .keyMismatch)
    }

    @Test func tamperedBodyFailsItsDigest() throws {
        let document = try signedEnvelope()
        let name = try #require(try IDIndex(document).element(withID: "body").descendantsAndSelf.first { $0.localName == "name" })
        name.setText("mallory")
        let error = try #require(throws: XMLSecurityError.self) { try verify(document, key: .publicKey(TestKeys.rsa.publicKey)) }
        #expect(error.code == .digestMismatch)
    }

    @Test func commentsAreNotDigestedForBareNameReferences() throws {
        let document = try signedEnvelope()
        // Editing only the comment inside the signed Body must not break the digest (XML-DSig §4.4.3.3).
        let text = String(decoding: document.serialize(), as: UTF8.self).replacingOccurrences(of: "<!-- c -->", with: "<!-- changed -->")
        _ = try verify(try XMLDocument(parsing: Array(text.utf8)), key: .publicKey(TestKeys.rsa.publicKey))
    }

    @Test func envelopedWholeDocumentSignature() throws {
        let document = try XMLDocument(parsing: Array("<doc xmlns='urn:d'><a>1</a><b>2</b></doc>".utf8))
        try SignatureBuilder(references: [.init(uri: "", transforms: .envelopedExclusive)])
            .sign(in: document.root, key: .privateKey(TestKeys.rsa))
        let reparsed = try XMLDocument(parsing: document.serialize())
        let verified = try verify(reparsed, key: .publicKey(TestKeys.rsa.publicKey))
        #expect(verified.covers(reparsed.root.children[0]))
        reparsed.root.children[1].setText("3")
        let error = try #require(throws: XMLSecurityError.self) { try verify(reparsed, key: .publicKey(TestKeys.rsa.publicKey)) }
        #expect(error.code == .digestMismatch)
    }

    @Test func anEnvelopedSignatureDoesNotCoverItselfNorAnotherDocument() throws {
        let document = try XMLDocument(parsing: Array("<doc xmlns='urn:d' Id='x'><a>1</a></doc>".utf8))
        try SignatureBuilder(references: [.init(uri: "#x", transforms: .envelopedExclusive)])
            .sign(in: document.root, key: .privateKey(TestKeys.rsa))
        let reparsed = try XMLDocument(parsing: document.serialize())
        let verified = try verify(reparsed, key: .publicKey(TestKeys.rsa.publicKey))
        #expect(verified.covers(reparsed.root))
        #expect(verified.covers(reparsed.root.children[0]))
        // The enveloped-signature transform took the signature out of the digested content.
        #expect(!verified.covers(verified.element))
        #expect(!verified.covers(try #require(verified.element.children.first)))
        // The same markup in another document is not what was verified.
        let copy = try XMLDocument(parsing: reparsed.serialize())
        #expect(!verified.covers(copy.root))
    }

    @Test func aWholeDocumentReferenceCoversNoOtherDocument() throws {
        let document = try XMLDocument(parsing: Array("<doc xmlns='urn:d'><a>1</a></doc>".utf8))
        try SignatureBuilder(references: [.init(uri: "", transforms: .envelopedExclusive)])
            .sign(in: document.root, key: .privateKey(TestKeys.rsa))
        let reparsed = try XMLDocument(parsing: document.serialize())
        let verified = try verify(reparsed, key: .publicKey(TestKeys.rsa.publicKey))
        #expect(verified.covers(reparsed.root))
        #expect(!verified.covers(verified.element))
        #expect(!verified.covers(try XMLDocument(parsing: reparsed.serialize()).root))
    }

    @Test func sha1PublicKeySigningNeedsTheWeakFlag() throws {
        let document = try XMLDocument(parsing: Array("<doc Id='x'/>".utf8))
        var builder = SignatureBuilder(algorithm: .rsaSHA1, references: [.init(uri: "#x", transforms: .envelopedExclusive)])
        let error = try #require(throws: XMLSecurityError.self) { try builder.sign(in: document.root, key: .privateKey(TestKeys.rsa)) }
        #expect(error.code == .unsupportedAlgorithm)
        builder._WEAK_allowSHA1PublicKeySignature = true
        try builder.sign(in: document.root, key: .privateKey(TestKeys.rsa))
        // Verifying it is a configured exception too.
        let refused = try #require(throws: XMLSecurityError.self) { _ = try verify(document, key: .publicKey(TestKeys.rsa.publicKey)) }
        #expect(refused.code == .unsupportedAlgorithm)
        var legacy = SignatureVerificationPolicy()
        legacy._WEAK_allowSHA1PublicKeySignatures = true
        _ = try SignatureVerifier(policy: legacy).verify(signature(in: document), key: .publicKey(TestKeys.rsa.publicKey), index: try IDIndex(document))
    }

    private func signature(in document: XMLDocument) throws -> XMLElement {
        try #require(document.root.descendantsAndSelf.first { $0.is("Signature", XMLSecurityNamespace.ds) })
    }
}
