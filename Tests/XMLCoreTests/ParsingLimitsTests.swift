import Testing
import XMLCore

/// Each structural limit is enforced: at the limit the document parses, one past it the parse
/// fails with `.limitExceeded`.
@Suite struct ParsingLimitsTests {
    @Test func defaultsAreTheDocumentedOnes() {
        let limits = XMLParsingLimits.default
        #expect(limits.maxDocumentBytes == 10 << 20)
        #expect(limits.maxDepth == 64)
        #expect(limits.maxAttributesPerElement == 32)
        #expect(limits.maxNamespaceDeclarationsPerElement == 32)
        #expect(limits.maxTextBytes == 4 << 20)
        #expect(limits.maxElements == 50_000)
    }

    @Test func documentSize() throws {
        let text = "<a>" + String(repeating: "x", count: 93) + "</a>"  // 100 bytes
        #expect(text.utf8.count == 100)
        _ = try XMLDocument(text, limits: XMLParsingLimits(maxDocumentBytes: 100))
        expectXMLError(.limitExceeded) { _ = try XMLDocument(text, limits: XMLParsingLimits(maxDocumentBytes: 99)) }
    }

    static func nested(_ depth: Int) -> String {
        String(repeating: "<e>", count: depth) + String(repeating: "</e>", count: depth)
    }

    @Test func depth() throws {
        _ = try XMLDocument(Self.nested(5), limits: XMLParsingLimits(maxDepth: 5))
        expectXMLError(.limitExceeded) { _ = try XMLDocument(Self.nested(6), limits: XMLParsingLimits(maxDepth: 5)) }
    }

    @Test func defaultDepthLimitStopsDeepNesting() {
        expectXMLError(.limitExceeded) { _ = try XMLDocument(Self.nested(65)) }
    }

    /// A nesting far beyond libxml2's own limit must still be refused, not crash.
    @Test func veryDeepNestingIsRefused() {
        let error = #expect(throws: XMLError.self) { _ = try XMLDocument(Self.nested(100_000)) }
        #expect(error?.code == .limitExceeded || error?.code == .malformed)
    }

    static func attributes(_ count: Int) -> String {
        "<a " + (0..<count).map { "a\($0)=\"v\"" }.joined(separator: " ") + "/>"
    }

    @Test func attributesPerElement() throws {
        _ = try XMLDocument(Self.attributes(4), limits: XMLParsingLimits(maxAttributesPerElement: 4))
        expectXMLError(.limitExceeded) {
            _ = try XMLDocument(Self.attributes(5), limits: XMLParsingLimits(maxAttributesPerElement: 4))
        }
    }

    @Test func attributesOnADescendant() {
        let text = "<root><child>" + Self.attributes(5) + "</child></root>"
        expectXMLError(.limitExceeded) { _ = try XMLDocument(text, limits: XMLParsingLimits(maxAttributesPerElement: 4)) }
    }

    static func namespaceDeclarations(_ count: Int) -> String {
        "<a " + (0..<count).map { "xmlns:p\($0)=\"urn:p\($0)\"" }.joined(separator: " ") + "/>"
    }

    @Test func namespaceDeclarationsPerElement() throws {
        let limits = XMLParsingLimits(maxAttributesPerElement: 1, maxNamespaceDeclarationsPerElement: 3)
        // Namespace declarations do not count as attributes.
        _ = try XMLDocument(Self.namespaceDeclarations(3), limits: limits)
        expectXMLError(.limitExceeded) { _ = try XMLDocument(Self.namespaceDeclarations(4), limits: limits) }
    }

    @Test func textNodeSize() throws {
        let limits = XMLParsingLimits(maxTextBytes: 10)
        _ = try XMLDocument("<a>" + String(repeating: "x", count: 10) + "</a>", limits: limits)
        expectXMLError(.limitExceeded) { _ = try XMLDocument("<a>" + String(repeating: "x", count: 11) + "</a>", limits: limits) }
    }

    @Test func attributeValueSize() throws {
        let limits = XMLParsingLimits(maxTextBytes: 10)
        _ = try XMLDocument("<a v=\"" + String(repeating: "x", count: 10) + "\"/>", limits: limits)
        expectXMLError(.limitExceeded) { _ = try XMLDocument("<a v=\"" + String(repeating: "x", count: 11) + "\"/>", limits: limits) }
    }

    @Test func commentAndCDATASize() {
        let limits = XMLParsingLimits(maxTextBytes: 10)
        expectXMLError(.limitExceeded) { _ = try XMLDocument("<a><!--" + String(repeating: "x", count: 11) + "--></a>", limits: limits) }
        expectXMLError(.limitExceeded) { _ = try XMLDocument("<a><![CDATA[" + String(repeating: "x", count: 11) + "]]></a>", limits: limits) }
    }

    /// Comments and processing instructions beside the document element are text too.
    @Test func commentOutsideTheDocumentElement() {
        let limits = XMLParsingLimits(maxTextBytes: 10)
        expectXMLError(.limitExceeded) { _ = try XMLDocument("<!--" + String(repeating: "x", count: 11) + "--><a/>", limits: limits) }
        expectXMLError(.limitExceeded) { _ = try XMLDocument("<a/><?pi " + String(repeating: "x", count: 11) + "?>", limits: limits) }
    }

    @Test func elementCount() throws {
        let limits = XMLParsingLimits(maxElements: 5)
        _ = try XMLDocument("<r>" + String(repeating: "<e/>", count: 4) + "</r>", limits: limits)
        expectXMLError(.limitExceeded) { _ = try XMLDocument("<r>" + String(repeating: "<e/>", count: 5) + "</r>", limits: limits) }
    }

    @Test func documentKeepsItsLimits() throws {
        let limits = XMLParsingLimits(maxDepth: 7)
        let document = try XMLDocument("<a/>", limits: limits)
        #expect(document.limits == limits)
    }
}
