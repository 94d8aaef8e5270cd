import Testing
import TesseraCrypto
import XMLCore
@testable import XMLSecurity

/// Transforms defined above XML-DSig (``DereferencingTransform``): accepted only when the
/// verifier registers them, only as the reference's one transform, and reported as covering
/// the element they dereferenced to, not the element the URI selected.
struct DereferencingTransformTests {
    let ds = XMLSecurityNamespace.ds

    /// Follows `<pointer to="x"/>` to the element whose Id is x, and digests its exclusive C14N.
    struct Pointer: DereferencingTransform {
        static let uri = "urn:tessera:test:pointer"
        var algorithm: String { Self.uri }

        func writeParameters(into transform: XMLElement) {}

        func dereference(_ referenced: XMLElement, transform: XMLElement, signature: XMLElement, index: IDIndex) throws -> DereferencedContent {
            let id = try #require(referenced.attribute("to"))
            let target = try #require(index[id])
            return DereferencedContent(element: target, octets: try target.document.canonicalize(target, method: .exclusive))
        }
    }

    static let document = #"<root><pointer Id="p" to="d"/><data Id="d">payload</data></root>"#

    /// The document signed with an HMAC over one reference to `#p` through ``Pointer``.
    func signed() throws -> (XMLDocument, XMLElement) {
        let document = try XMLDocument(parsing: Array(Self.document.utf8))
        let builder = SignatureBuilder(algorithm: .hmacSHA256, references: [.init(uri: "#p", transforms: .dereferencing(Pointer()))])
        let signature = try builder.sign(in: document.root, key: .secret(TestKeys.hmac))
        return (document, signature)
    }

    func verify(_ document: XMLDocument, _ signature: XMLElement, transforms: [any DereferencingTransform] = [Pointer()]) throws -> VerifiedSignature {
        try SignatureVerifier(dereferencingTransforms: transforms).verify(signature, key: .secret(TestKeys.hmac), index: try IDIndex(document))
    }

    @Test func theDereferencedElementIsWhatTheReferenceCovers() throws {
        let (document, signature) = try signed()
        let verified = try verify(document, signature)
        let data = try #require(document.root.firstChild("data", nil))
        let pointer = try #require(document.root.firstChild("pointer", nil))
        let reference = try #require(verified.references.first)
        #expect(reference.dereference?.algorithm == Pointer.uri)
        #expect(reference.dereference?.referencedElement == pointer)
        #expect(verified.signedElements == [data])
        #expect(verified.covers(data))
        #expect(!verified.covers(pointer))
        let transforms = try #require(signature.firstChild("SignedInfo", ds)?.firstChild("Reference", ds)?.firstChild("Transforms", ds)).children
        #expect(transforms.map { $0.attribute("Algorithm") } == [Pointer.uri])

        data.setText("changed")
        #expect(throws: XMLSecurityError(.digestMismatch, "")) { try verify(document, signature) }
    }

    /// A verifier that does not register the transform (a SAML assertion's, say) refuses it.
    @Test func anUnregisteredTransformIsRefused() throws {
        let (document, signature) = try signed()
        #expect(throws: XMLSecurityError(.unsupportedTransform, "")) { try verify(document, signature, transforms: []) }
    }

    /// Before or after another transform, the transform is refused before anything is digested.
    @Test(arguments: [[Pointer.uri, "http://www.w3.org/2001/10/xml-exc-c14n#"], ["http://www.w3.org/2001/10/xml-exc-c14n#", Pointer.uri]])
    func aDereferencingTransformMustBeTheOnlyOne(_ algorithms: [String]) throws {
        let (document, signature) = try signed()
        let list = try #require(signature.firstChild("SignedInfo", ds)?.firstChild("Reference", ds)?.firstChild("Transforms", ds))
        for child in list.children { child.remove() }
        for algorithm in algorithms { list.addChild("Transform", ds, prefix: "ds").setAttribute("Algorithm", value: algorithm) }
        resign(signature)
        #expect(throws: XMLSecurityError(.unsupportedTransform, "")) { try verify(document, signature) }
    }

    @Test func aWholeDocumentReferenceCannotBeDereferenced() throws {
        let (document, signature) = try signed()
        try #require(signature.firstChild("SignedInfo", ds)?.firstChild("Reference", ds)).setAttribute("URI", value: "")
        resign(signature)
        #expect(throws: XMLSecurityError(.unsupportedReference, "")) { try verify(document, signature) }
    }

    /// Recomputes the HMAC over the edited SignedInfo, so that the rule, not the value, refuses.
    private func resign(_ signature: XMLElement) {
        let signedInfo = signature.firstChild("SignedInfo", ds)!
        let mac = HMACFunction.authenticationCode(
            for: try! signature.document.canonicalize(signedInfo, method: .exclusive), key: TestKeys.hmac, digest: .sha256)
        signature.firstChild("SignatureValue", ds)!.setText(Base64.encode(mac))
    }
}
