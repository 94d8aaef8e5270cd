import Foundation
import Testing
import XMLCore

/// W3C merlin-c14n-three: `c14n-N.txt` is the canonical output of Reference N of
/// signature.xml (N = 0…26) and `c14n-27.txt` the canonical SignedInfo.
///
/// Every reference there is XPath-filtered (`URI=""` + an XPath transform). Tessera implements
/// no XPath transform, so a reference is checked only where its node set is exactly a subtree:
/// the expression `ancestor-or-self::bar:Something` selects the outermost bar:Something
/// element with everything beneath it, its namespace and attribute nodes included, which is
/// our subtree node set. That covers Reference 0 (C14N 1.0), 9 (Exclusive C14N) and 18
/// (Exclusive C14N with PrefixList "#default").
///
/// Out of scope, because their XPath expressions drop individual namespace, attribute or
/// element nodes (node sets that are not a subtree): References 1–8 (C14N), 10–17 (Exclusive
/// C14N) and 19–26 (Exclusive C14N with "#default").
@Suite(.enabled(if: TestEnvironment.vectors != nil, "\(TestEnvironment.vectorsMissing)"))
struct W3CInclusiveC14NVectorTests {
    static let bar = "http://example.org/bar"
    static let supported = [0, 9, 18]
    static let outOfScope = Array(1...8) + Array(10...17) + Array(19...26)

    func vector() throws -> DSigVector {
        var vector = try DSigVector(contentsOf: TestEnvironment.vector("merlin-c14n-three/signature.xml"))
        vector.subtreeEquivalentXPaths["ancestor-or-self::bar:Something"] = { document in
            document.root.descendantsAndSelf.first { $0.is("Something", Self.bar) }
        }
        return vector
    }

    func expectedOutput(_ index: Int) throws -> [UInt8] {
        try TestEnvironment.read(TestEnvironment.vector("merlin-c14n-three/c14n-\(index).txt"))
    }

    @Test(arguments: supported)
    func subtreeReferenceMatchesExpectedOutput(index: Int) throws {
        let vector = try vector()
        let reference = vector.references[index]
        guard case .computed(let bytes, let digest) = try vector.compute(reference) else {
            Issue.record("\(reference) should be supported")
            return
        }
        let expected = try expectedOutput(index)
        #expect(bytes == expected, "ours:\n\(bytes.utf8String)\nexpected:\n\(expected.utf8String)")
        #expect(digest == reference.digestValue)
    }

    @Test func exactlyTheXPathFilteredReferencesAreOutOfScope() throws {
        let vector = try vector()
        #expect(vector.references.count == 27)
        var unsupported: [Int] = []
        for reference in vector.references {
            if case .unsupported = try vector.compute(reference) { unsupported.append(reference.index) }
        }
        #expect(unsupported == Self.outOfScope)
    }

    /// The SignedInfo under C14N 1.0: the default namespace comes from Signature, the prefixes
    /// and xml:lang="en-ie" are inherited from the document element.
    @Test func canonicalSignedInfoMatchesExpectedOutput() throws {
        let vector = try vector()
        let bytes = try vector.canonicalSignedInfo()
        let expected = try expectedOutput(27)
        #expect(bytes == expected, "ours:\n\(bytes.utf8String)")
    }
}
