import Foundation
import Testing
import XMLCore

/// W3C merlin-xmldsig-twenty-three: the same-document references of the basic signatures,
/// recomputed with our C14N (SHA-1 DigestValues as the byte-for-byte check). This covers the
/// enveloped-signature transform (`excluding:`) and the default C14N 1.0 of a `#id` node set.
///
/// Not covered: signature.xml (it has a DOCTYPE, which the parser refuses by design: see
/// `signatureWithDoctypeIsRefused`), base64 transforms, and external URIs (never fetched).
@Suite(.enabled(if: TestEnvironment.vectors != nil, "\(TestEnvironment.vectorsMissing)"))
struct W3CDSigReferenceDigestTests {
    @Test(arguments: [
        "signature-enveloped-dsa.xml",
        "signature-enveloping-dsa.xml",
        "signature-enveloping-rsa.xml",
        "signature-enveloping-hmac-sha1.xml",
        "signature-enveloping-hmac-sha1-40.xml",
    ])
    func referenceDigestMatches(file: String) throws {
        let vector = try DSigVector(contentsOf: TestEnvironment.vector("merlin-xmldsig-twenty-three/\(file)"))
        try #require(vector.references.count == 1)
        let reference = vector.references[0]
        guard case .computed(let bytes, let digest) = try vector.compute(reference) else {
            Issue.record("\(reference) should be supported")
            return
        }
        #expect(digest == reference.digestValue, "canonical form was:\n\(bytes.utf8String)")
    }

    @Test func envelopedReferenceLeavesTheSignatureOut() throws {
        let vector = try DSigVector(contentsOf: TestEnvironment.vector("merlin-xmldsig-twenty-three/signature-enveloped-dsa.xml"))
        guard case .computed(let bytes, _) = try vector.compute(vector.references[0]) else {
            Issue.record("enveloped reference should be supported")
            return
        }
        #expect(bytes.utf8String.hasPrefix(#"<Envelope xmlns="http://example.org/envelope">"#))
        #expect(!bytes.utf8String.contains("Signature"))
        #expect(bytes.utf8String.hasSuffix("</Envelope>"))
    }

    @Test func base64AndExternalReferencesAreReportedUnsupported() throws {
        for file in ["signature-enveloping-b64-dsa.xml", "signature-external-dsa.xml"] {
            let vector = try DSigVector(contentsOf: TestEnvironment.vector("merlin-xmldsig-twenty-three/\(file)"))
            guard case .unsupported = try vector.compute(vector.references[0]) else {
                Issue.record("\(file) should be out of scope")
                continue
            }
        }
    }

    @Test func signatureWithDoctypeIsRefused() throws {
        let bytes = try TestEnvironment.read(TestEnvironment.vector("merlin-xmldsig-twenty-three/signature.xml"))
        expectXMLError(.doctypeForbidden) { _ = try XMLDocument(parsing: bytes) }
    }
}
