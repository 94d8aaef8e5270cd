import Testing
import XMLCore

/// The canonicalization entry point: node-set selection (subtree, whole document, exclusion)
/// and the rules that differ between C14N 1.0 and Exclusive C14N, with hand-checked outputs.
@Suite struct CanonicalizationAPITests {
    static let sample = """
        <?pi before?><r:root xmlns:r="urn:r" xmlns:u="urn:unused" xmlns="urn:d" xml:lang="en" xml:space="preserve">\
        <r:part Id="p" b="2" a="1"><child/><!--c--></r:part><sig Id="s"><r:x/></sig><tail/></r:root>
        """

    let document: XMLDocument
    let index: IDIndex
    init() throws {
        document = try XMLDocument(Self.sample)
        index = try IDIndex(document)
    }

    @Test func exclusiveSubtreeRendersOnlyVisiblyUsedNamespaces() throws {
        let part = try index.element(withID: "p")
        #expect(
            try document.canonicalize(part, method: .exclusive).utf8String
                == #"<r:part xmlns:r="urn:r" Id="p" a="1" b="2"><child xmlns="urn:d"></child></r:part>"#)
    }

    @Test func inclusiveSubtreeInheritsNamespacesAndXMLAttributes() throws {
        let part = try index.element(withID: "p")
        #expect(
            try document.canonicalize(part, method: .inclusive(withComments: true)).utf8String
                == #"<r:part xmlns="urn:d" xmlns:r="urn:r" xmlns:u="urn:unused" Id="p" a="1" b="2" xml:lang="en" xml:space="preserve"><child></child><!--c--></r:part>"#
        )
    }

    @Test func inclusivePrefixesAreRenderedOnTheApex() throws {
        let part = try index.element(withID: "p")
        let bytes = try document.canonicalize(part, method: .exclusive(withComments: false, inclusivePrefixes: ["u", "#default"]))
        #expect(bytes.utf8String == #"<r:part xmlns="urn:d" xmlns:r="urn:r" xmlns:u="urn:unused" Id="p" a="1" b="2"><child></child></r:part>"#)
    }

    @Test func defaultExclusiveMethodHasNoCommentsAndNoPrefixes() {
        #expect(CanonicalizationMethod.exclusive == .exclusive(withComments: false, inclusivePrefixes: []))
    }

    @Test func wholeDocumentIncludesTopLevelProcessingInstructions() throws {
        let bytes = try document.canonicalize(nil, method: .exclusive).utf8String
        // xmlns="urn:d" is not visibly used by r:root, so Exclusive C14N first renders it on <sig>.
        #expect(bytes.hasPrefix("<?pi before?>\n<r:root xmlns:r=\"urn:r\" xml:lang=\"en\" xml:space=\"preserve\">"))
        #expect(bytes.contains(#"<sig xmlns="urn:d" Id="s">"#))
        #expect(!bytes.contains("<!--c-->"))
        #expect(try document.canonicalize(nil, method: .exclusive(withComments: true, inclusivePrefixes: [])).utf8String.contains("<!--c-->"))
    }

    @Test func excludedSubtreeIsLeftOut() throws {
        let signature = try index.element(withID: "s")
        let bytes = try document.canonicalize(document.root, method: .exclusive, excluding: signature).utf8String
        #expect(bytes.contains("<r:part"))
        #expect(!bytes.contains("sig") && !bytes.contains("r:x"))
        #expect(bytes.hasSuffix(#"</r:part><tail xmlns="urn:d"></tail></r:root>"#))
    }

    @Test func canonicalizingIsRepeatable() throws {
        let part = try index.element(withID: "p")
        #expect(try document.canonicalize(part, method: .exclusive) == document.canonicalize(part, method: .exclusive))
    }

    /// An element of another document is not in this document's node set: the result must not
    /// be empty bytes that a caller would digest as if they were the element.
    @Test func elementOfAnotherDocumentIsRefused() throws {
        let other = try XMLDocument("<other><x/></other>")
        let error = #expect(throws: XMLError.self) { _ = try document.canonicalize(other.root, method: .exclusive) }
        #expect(error?.code == .invalidStructure || error?.code == .canonicalizationFailed)
    }

    /// The same for an element removed from the tree.
    @Test func removedElementIsRefused() throws {
        let part = try index.element(withID: "p")
        part.remove()
        let error = #expect(throws: XMLError.self) { _ = try document.canonicalize(part, method: .exclusive) }
        #expect(error?.code == .invalidStructure || error?.code == .canonicalizationFailed)
    }
}
