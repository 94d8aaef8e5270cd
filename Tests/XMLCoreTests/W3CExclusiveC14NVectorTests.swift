import Foundation
import Testing
import XMLCore

/// W3C merlin-exc-c14n-one: four references to `#xpointer(id('to-be-signed'))` (a ds:Object
/// holding a comment, under a parent with a default namespace, `xmlns:bar` and `xml:space`),
/// canonicalized with Exclusive C14N with and without comments, with and without
/// `PrefixList="bar #default"`. The vector gives no canonical text, only the DigestValues:
/// SHA-1 of our canonical bytes must equal each one, a byte-for-byte check of the output.
@Suite(.enabled(if: TestEnvironment.vectors != nil, "\(TestEnvironment.vectorsMissing)"))
struct W3CExclusiveC14NVectorTests {
    static let foo = "urn:foo"

    func vector() throws -> DSigVector {
        try DSigVector(contentsOf: TestEnvironment.vector("merlin-exc-c14n-one/exc-signature.xml"))
    }

    @Test func everyReferenceDigestMatches() throws {
        let vector = try vector()
        try #require(vector.references.count == 4)
        for reference in vector.references {
            guard case .computed(let bytes, let digest) = try vector.compute(reference) else {
                Issue.record("\(reference) should be supported")
                continue
            }
            #expect(digest == reference.digestValue, "\(reference): canonical form was \(bytes.utf8String)")
        }
    }

    /// The same four outputs written out, so a failure shows which rule broke.
    @Test(arguments: [
        (
            false, [String](),
            #"<dsig:Object xmlns:dsig="http://www.w3.org/2000/09/xmldsig#" Id="to-be-signed">\#n      <bar:Baz xmlns:bar="urn:bar">\#n        \#n      </bar:Baz>\#n    </dsig:Object>"#
        ),
        (
            true, [String](),
            #"<dsig:Object xmlns:dsig="http://www.w3.org/2000/09/xmldsig#" Id="to-be-signed">\#n      <bar:Baz xmlns:bar="urn:bar">\#n        <!--  comment -->\#n      </bar:Baz>\#n    </dsig:Object>"#
        ),
        (
            false, ["bar", "#default"],
            #"<dsig:Object xmlns="urn:foo" xmlns:bar="urn:bar" xmlns:dsig="http://www.w3.org/2000/09/xmldsig#" Id="to-be-signed">\#n      <bar:Baz>\#n        \#n      </bar:Baz>\#n    </dsig:Object>"#
        ),
        (
            true, ["bar", "#default"],
            #"<dsig:Object xmlns="urn:foo" xmlns:bar="urn:bar" xmlns:dsig="http://www.w3.org/2000/09/xmldsig#" Id="to-be-signed">\#n      <bar:Baz>\#n        <!--  comment -->\#n      </bar:Baz>\#n    </dsig:Object>"#
        ),
    ])
    func canonicalObject(withComments: Bool, prefixes: [String], expected: String) throws {
        let vector = try vector()
        let object = try vector.index.element(withID: "to-be-signed")
        let bytes = try vector.document.canonicalize(object, method: .exclusive(withComments: withComments, inclusivePrefixes: prefixes))
        #expect(bytes.utf8String == expected)
        // xml:space="preserve" on the parent is not inherited by Exclusive C14N.
        #expect(!bytes.utf8String.contains("xml:space"))
    }

    /// The SignedInfo (exclusive C14N) parses back and is stable under a second pass.
    @Test func canonicalSignedInfoIsIdempotent() throws {
        let vector = try vector()
        let first = try vector.canonicalSignedInfo()
        #expect(first.utf8String.hasPrefix(#"<dsig:SignedInfo xmlns:dsig="http://www.w3.org/2000/09/xmldsig#">"#))
        let reparsed = try XMLDocument(parsing: first)
        #expect(try reparsed.canonicalize(nil, method: .exclusive) == first)
    }
}
