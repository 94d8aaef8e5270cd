import SOAP
import Testing
import XMLCore

/// Header blocks are told to be WS-Addressing ones by their namespace alone, either version's,
/// exactly (what signers and verifiers of secured messages pick the addressing headers by).
@Suite struct WSAddressingVersionTests {
    @Test func anElementInEitherAddressingNamespaceIsAnAddressingElement() throws {
        let document = try XMLDocument(
            parsing: Array(
                """
                <h xmlns:a="http://www.w3.org/2005/08/addressing" xmlns:b="http://schemas.xmlsoap.org/ws/2004/08/addressing">\
                <a:To>x</a:To><b:Action>y</b:Action>\
                <c:To xmlns:c="http://www.w3.org/2005/08/addressing/"/><d:To xmlns:d="http://www.w3.org/2005/08/addressin"/>\
                <To/><e:To xmlns:e="urn:other"/></h>
                """.utf8))
        let verdicts = document.root.children.map(WSAddressingVersion.isAddressingElement)
        #expect(verdicts == [true, true, false, false, false, false])
    }
}
