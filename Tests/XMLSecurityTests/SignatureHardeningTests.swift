import Testing
import TesseraCrypto
import XMLCore
@testable import XMLSecurity

/// Secure-validation rules: each refusal is reached with a correctly keyed signature, so it is
/// the rule, not a bad signature value, that stops the message.
struct SignatureHardeningTests {
    let ds = XMLSecurityNamespace.ds

    /// A document whose SignedInfo is written by hand and then HMAC-signed for real.
    private func handSigned(references: String, extraObjects: String = "", methodExtra: String = "") throws -> XMLDocument {
        let text = """
            <root xmlns:ds="\(ds)"><data Id="d">payload</data>\(extraObjects)<ds:Signature><ds:SignedInfo>\
            <ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>\
            <ds:SignatureMethod Algorithm="http://www.w3.org/2000/09/xmldsig#hmac-sha1">\(methodExtra)</ds:SignatureMethod>\
            \(references)</ds:SignedInfo><ds:SignatureValue>AA==</ds:SignatureValue></ds:Signature></root>
            """
        let document = try XMLDocument(parsing: Array(text.utf8))
        let signature = try #require(document.root.children.last)
        let signedInfo = try #require(signature.firstChild("SignedInfo", ds))
        var mac = HMACFunction.authenticationCode(for: try document.canonicalize(signedInfo, method: .exclusive), key: TestKeys.hmac, digest: .sha1)
        if methodExtra.contains("HMACOutputLength>80<") { mac = Array(mac.prefix(10)) }
        try #require(signature.firstChild("SignatureValue", ds)).setText(Base64.encode(mac))
        return document
    }

    private func reference(_ uri: String, transforms: [String] = [], digest: String = "http://www.w3.org/2000/09/xmldsig#sha1") -> String {
        let list = transforms.isEmpty ? "" : "<ds:Transforms>" + transforms.map { "<ds:Transform Algorithm=\"\($0)\"/>" }.joined() + "</ds:Transforms>"
        return "<ds:Reference URI=\"\(uri)\">\(list)<ds:DigestMethod Algorithm=\"\(digest)\"/><ds:DigestValue>AA==</ds:DigestValue></ds:Reference>"
    }

    private func verifyError(_ document: XMLDocument, policy: SignatureVerificationPolicy = .default) throws -> XMLSecurityError {
        let signature = try #require(document.root.children.last)
        return try #require(throws: XMLSecurityError.self) {
            try SignatureVerifier(policy: policy).verify(signature, key: .secret(TestKeys.hmac), index: try IDIndex(document))
        }
    }

    @Test func handSignedReferenceReachesTheDigestCheck() throws {
        // Control: the harness itself yields a valid SignatureValue, so the digest is what fails.
        #expect(try verifyError(try handSigned(references: reference("#d"))).code == .digestMismatch)
    }

    @Test func tooManyReferencesAreRefused() throws {
        let references = (0..<33).map { _ in reference("#d") }.joined()
        #expect(try verifyError(try handSigned(references: references)).code == .policyViolation)
    }

    @Test func tooManyTransformsAreRefused() throws {
        let transforms = Array(repeating: "http://www.w3.org/2000/09/xmldsig#enveloped-signature", count: 6)
        #expect(try verifyError(try handSigned(references: reference("#d", transforms: transforms))).code == .policyViolation)
    }

    @Test(arguments: [
        "http://www.w3.org/TR/1999/REC-xpath-19991116",
        "http://www.w3.org/TR/1999/REC-xslt-19991116",
        "http://www.w3.org/2002/06/xmldsig-filter2",
        "http://www.w3.org/2000/09/xmldsig#base64",
    ])
    func dangerousTransformsAreRefused(_ transform: String) throws {
        #expect(try verifyError(try handSigned(references: reference("#d", transforms: [transform]))).code == .unsupportedTransform)
    }

    @Test(arguments: ["http://example.com/payload.xml", "file:///etc/passwd", "payload.xml"])
    func externalReferencesAreNeverFetched(_ uri: String) throws {
        #expect(try verifyError(try handSigned(references: reference(uri))).code == .unsupportedReference)
    }

    @Test func md5IsRefused() throws {
        let error = try verifyError(try handSigned(references: reference("#d", digest: "http://www.w3.org/2001/04/xmldsig-more#md5")))
        #expect(error.code == .unsupportedAlgorithm)
    }

    @Test func truncatedHMACIsRefusedByDefault() throws {
        // CVE-2009-0217: a correctly computed 80-bit HMAC-SHA1 is refused unless truncation is allowed.
        let truncated = try handSigned(references: reference("#d"), methodExtra: "<ds:HMACOutputLength>80</ds:HMACOutputLength>")
        #expect(try verifyError(truncated).code == .unsupportedAlgorithm)
    }

    @Test func allowedTruncationStillHasAFloor() throws {
        var policy = SignatureVerificationPolicy()
        policy.allowTruncatedHMAC = true
        // 80 bits = max(80, 160 / 2): passes the rule and reaches the digest check.
        let atFloor = try handSigned(references: reference("#d"), methodExtra: "<ds:HMACOutputLength>80</ds:HMACOutputLength>")
        #expect(try verifyError(atFloor, policy: policy).code == .digestMismatch)
        let belowFloor = try handSigned(references: reference("#d"), methodExtra: "<ds:HMACOutputLength>72</ds:HMACOutputLength>")
        #expect(try verifyError(belowFloor, policy: policy).code == .unsupportedAlgorithm)
    }

    @Test func unknownIDIsReported() throws {
        #expect(try verifyError(try handSigned(references: reference("#missing"))).code == .referenceNotFound)
    }

    @Test func duplicateIDsAreRefusedBeforeAnyReferenceIsResolved() throws {
        let document = try handSigned(references: reference("#d"), extraObjects: "<evil Id=\"d\">other</evil>")
        let error = try #require(throws: XMLError.self) { try IDIndex(document) }
        #expect(error.code == .duplicateID)
    }

    /// McIntosh & Austel: the signed Body is moved into a header wrapper and a forged Body takes
    /// its place. The signature still verifies (its reference follows the ID), and the result
    /// says the forged Body is not covered: that is what the WS-Security layer checks.
    @Test func wrappedBodyIsReportedAsUncovered() throws {
        let document = try XMLDocument(parsing: Array(SampleEnvelope.text.utf8))
        let header = document.root.children[0]
        try SignatureBuilder(references: [.init(uri: "#body")]).sign(in: header.children[0], key: .privateKey(TestKeys.rsa))
        let originalBody = document.root.children[1]
        let wrapper = header.addChild("Wrapper", "urn:attacker")
        wrapper.addCopy(of: originalBody)
        originalBody.removeAttribute("Id", SampleEnvelope.wsu)
        try #require(originalBody.children.first?.children.first).setText("mallory")
        let forgedBody = originalBody

        let reparsed = try XMLDocument(parsing: document.serialize())
        let signature = try #require(reparsed.root.descendantsAndSelf.first { $0.is("Signature", ds) })
        let verified = try SignatureVerifier().verify(signature, key: .publicKey(TestKeys.rsa.publicKey), index: try IDIndex(reparsed))
        let reparsedForgedBody = reparsed.root.children[1]
        #expect(reparsedForgedBody.localName == forgedBody.localName)
        #expect(!verified.covers(reparsedForgedBody))
        #expect(verified.signedElements.first?.parent?.localName == "Wrapper")
    }
}
