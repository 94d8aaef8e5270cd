import SOAP
import Testing
import XMLCore

@testable import TesseraGateway

/// Under a secure conversation the consumer's own header blocks go on to the provider, its
/// security and addressing headers do not: the context's replace them.
@Suite struct SecureConversationHeaderBlocksTests {
    @Test func onlyTheConsumersOwnHeaderBlocksGoOn() throws {
        let envelope = try SOAPEnvelope(
            parsing: Array(
                """
                <s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Header>\
                <wsse:Security xmlns:wsse="\(WSSNamespace.secext)"/><wsu:Timestamp xmlns:wsu="\(WSSNamespace.utility)"/>\
                <a:Action xmlns:a="\(WSAddressingVersion.v10.namespace)">urn:a</a:Action>\
                <a:To xmlns:a="\(WSAddressingVersion.submission200408.namespace)">urn:b</a:To>\
                <t:Trace xmlns:t="urn:trace">1</t:Trace><Plain/></s:Header><s:Body/></s:Envelope>
                """.utf8))
        #expect(envelope.headerBlocks.filter(SecureConversationBinding.forwards).map(\.localName) == ["Trace", "Plain"])
    }
}
