import Foundation
import Testing
import XMLCore

/// Exclusive C14N of tricky documents (`Corpus/`), compared byte for byte with lxml's through
/// `scripts/interop/exc_c14n.py`: the whole document and chosen subtrees by ID, with and without
/// comments, with and without InclusiveNamespaces prefixes, and with an element left out the
/// way the enveloped-signature transform does.
///
/// `#default` never appears in a prefix list here: lxml cannot pass it through (see
/// exc_c14n.py). The W3C vectors check `#default` instead (merlin-exc-c14n-one, merlin-c14n-three
/// Reference 18).
@Suite(.enabled(if: TestEnvironment.python != nil, "\(TestEnvironment.pythonMissing)"))
struct LxmlCorpusC14NTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var file: String
        var id: String?
        var withComments: Bool
        var prefixes: [String]
        var excludedID: String?

        var testDescription: String {
            var text = "\(file) \(id.map { "#\($0)" } ?? "(document)")"
            if withComments { text += " with comments" }
            if !prefixes.isEmpty { text += " prefixes \"\(prefixes.joined(separator: " "))\"" }
            if let excludedID { text += " excluding #\(excludedID)" }
            return text
        }
    }

    /// Per document: the IDs of the subtrees to canonicalize, the prefix lists to try, and the
    /// (target, excluded) pairs for enveloped-signature node sets.
    static let manifest: [(file: String, ids: [String], prefixLists: [[String]], exclusions: [(String?, String)])] = [
        ("01-ancestor-namespaces-in-attributes.xml", ["target"], [["a"], ["unused", "e"]], []),
        ("02-default-namespace-undeclared.xml", ["outer", "inner"], [["p"]], []),
        ("03-prefix-redeclared.xml", ["a", "b"], [["p"], ["q"]], []),
        ("04-xml-attributes.xml", ["section", "para", "para-fr", "note"], [["x"]], []),
        ("05-whitespace-crlf.xml", ["doc", "t"], [], []),
        ("06-attribute-ordering.xml", ["el", "el2"], [["m", "a"]], []),
        ("07-escaping.xml", ["text", "attrs", "cdata", "unicode"], [], []),
        ("08-comments-pis.xml", ["item", "item2"], [], [(nil, "item2")]),
        ("09-empty-elements.xml", ["group"], [["e"]], []),
        (
            "10-soap11-wss-signed.xml", ["Body", "TS-1", "X509-1", "SIG-1", "KI-1", "STR-1"],
            [["soap"], ["soap", "wsse", "wsu"], ["xsd"]], [(nil, "SIG-1")]
        ),
        ("11-soap12-wstrust-rst.xml", ["_0", "_1", "_2", "_3"], [["s", "a"], ["u"]], []),
        ("12-saml2-assertion.xml", ["_resp", "_a1"], [["xs"], ["xs", "xsi", "saml"]], [("_resp", "_a1")]),
        ("13-nested-default-namespaces.xml", ["b", "h"], [], []),
        ("14-latin1-encoding.xml", ["doc", "name"], [], []),
        ("15-mixed-content-redundant-declarations.xml", ["para", "list"], [["s"]], []),
        ("16-ws-security-encrypted.xml", ["Body", "EK-1", "ED-1"], [["soap", "wsu"], ["ds"]], []),
    ]

    static let cases: [Case] = manifest.flatMap { entry -> [Case] in
        let hasComments =
            (try? String(contentsOf: TestEnvironment.corpus.appendingPathComponent(entry.file), encoding: .isoLatin1))?
            .contains("<!--") ?? true
        let commentModes = hasComments ? [false, true] : [false]
        var cases: [Case] = []
        for target in [nil] + entry.ids.map(Optional.some) {
            for withComments in commentModes {
                for prefixes in [[]] + entry.prefixLists {
                    cases.append(Case(file: entry.file, id: target, withComments: withComments, prefixes: prefixes))
                }
            }
        }
        for (target, excluded) in entry.exclusions {
            for withComments in commentModes {
                cases.append(Case(file: entry.file, id: target, withComments: withComments, prefixes: [], excludedID: excluded))
            }
        }
        return cases
    }

    @Test(arguments: cases)
    func matchesLxml(_ testCase: Case) async throws {
        let url = TestEnvironment.corpus.appendingPathComponent(testCase.file)
        let document = try XMLDocument(parsing: TestEnvironment.read(url))
        let index = try IDIndex(document)
        let target = try testCase.id.map { try index.element(withID: $0) }
        let excluded = try testCase.excludedID.map { try index.element(withID: $0) }
        let ours = try document.canonicalize(
            target, method: .exclusive(withComments: testCase.withComments, inclusivePrefixes: testCase.prefixes),
            excluding: excluded)

        var arguments = [TestEnvironment.interopScripts.appendingPathComponent("exc_c14n.py").path, url.path]
        if let id = testCase.id { arguments += ["--xpath-id", id] }
        if testCase.withComments { arguments.append("--with-comments") }
        if !testCase.prefixes.isEmpty { arguments += ["--inclusive-prefixes", testCase.prefixes.joined(separator: " ")] }
        if let excludedID = testCase.excludedID { arguments += ["--exclude-id", excludedID] }
        let python = try #require(TestEnvironment.python)
        let lxml = try await runProcess(python, arguments)
        try #require(lxml.status == 0, "exc_c14n.py failed (\(lxml.status)): \(lxml.stderr)")

        #expect(!ours.isEmpty)
        #expect(ours == lxml.stdout, "\nours:\n\(ours.utf8String)\nlxml:\n\(lxml.stdout.utf8String)")
    }

    @Test func corpusFilesAreAllListed() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: TestEnvironment.corpus.path)
            .filter { $0.hasSuffix(".xml") }.sorted()
        #expect(files == Self.manifest.map(\.file).sorted())
        #expect(files.count >= 15)
    }
}
