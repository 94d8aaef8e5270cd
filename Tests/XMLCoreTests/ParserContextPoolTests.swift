import Foundation
import Testing
@testable import XMLCore

/// Parser contexts are reused (``ParserContextPool``): a context that refused a document must
/// parse the next one exactly as a fresh one would, documents parsed concurrently must not share
/// a context, and the pool must stay bounded in size and in dictionary growth.
struct ParserContextPoolTests {
    private func parse(_ text: String, _ pool: ParserContextPool, limits: XMLParsingLimits = .default) throws -> XMLDocument {
        try XMLDocument(parsing: Array(text.utf8), limits: limits, pool: pool)
    }

    @Test func aContextThatRefusedADocumentParsesTheNextOneCleanly() throws {
        let pool = ParserContextPool(capacity: 1, maxDictionaryEntries: 4_096)
        for _ in 0..<20 {
            expectXMLError(.doctypeForbidden) { _ = try parse("<!DOCTYPE a [<!ENTITY e \"x\">]><a>&e;</a>", pool) }
            #expect(pool.idleCount == 1)
            expectXMLError(.malformed) { _ = try parse("<a><b></a>", pool) }
            expectXMLError(.malformed) { _ = try parse("<p:a/>", pool) }
            let document = try parse(ParsingHardeningTests.soapEnvelope, pool)
            #expect(pool.idleCount == 0)  // lent to the living document
            #expect(document.root.localName == "Envelope")
            #expect(document.root.children.count == 2)
            #expect(document.root.children.last?.children.first?.text == "hello & welcome")
        }
        #expect(pool.idleCount == 1)
        expectXMLError(.doctypeForbidden) { _ = try parse("<!DOCTYPE a><a/>", pool) }
    }

    @Test func keepsAtMostItsCapacity() throws {
        let pool = ParserContextPool(capacity: 2, maxDictionaryEntries: 4_096)
        var documents = try (0..<3).map { _ in try parse("<a/>", pool) }
        #expect(pool.idleCount == 0)
        documents.removeAll()
        #expect(pool.idleCount == 2)
    }

    @Test func aContextWhoseDictionaryGrewPastTheBoundIsFreed() throws {
        let pool = ParserContextPool(capacity: 4, maxDictionaryEntries: 64)
        _ = try parse("<a><b/></a>", pool)
        #expect(pool.idleCount == 1)
        _ = try parse("<r>" + (0..<100).map { "<n\($0)/>" }.joined() + "</r>", pool)
        #expect(pool.idleCount == 0)
        // A document changed after parsing grows the shared dictionary too.
        let document = try parse("<a/>", pool)
        for index in 0..<100 { document.root.addChild("m\(index)", nil) }
        _ = consume document
        #expect(pool.idleCount == 0)
    }

    @Test func documentsParsedAndChangedConcurrentlyStayIndependent() async throws {
        let failures = try await withThrowingTaskGroup(of: Int.self) { group in
            for task in 0..<8 {
                group.addTask {
                    var failures = 0
                    for round in 0..<150 {
                        let marker = "t\(task)r\(round)"
                        let document = try XMLDocument(parsing: Array("<a xmlns=\"urn:x\"><b>\(marker)</b></a>".utf8))
                        // Changing the tree interns names in the dictionary it shares with its context.
                        document.root.addChild("c\(marker)", "urn:y\(task)", prefix: "y").setAttribute("n\(round)", value: marker)
                        let text = String(decoding: document.serialize(), as: UTF8.self)
                        if !text.contains("<b>\(marker)</b>") || !text.contains("<y:c\(marker) xmlns:y=\"urn:y\(task)\" n\(round)=\"\(marker)\"/>") {
                            failures += 1
                        }
                    }
                    return failures
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(failures == 0)
        #expect(ParserContextPool.shared.idleCount <= ParserContextPool.shared.capacity)
    }
}
