import SOAP
import Testing
import XMLCore

@Suite("SOAPEnvelope mustUnderstand")
struct SOAPEnvelopeMustUnderstandTests {
    @Test("Each version writes its own spelling", arguments: [(SOAPVersion.v11, "1"), (.v12, "true")])
    func spelling(version: SOAPVersion, expected: String) throws {
        let envelope = SOAPEnvelope(version: version)
        let block = envelope.addHeaderBlock("Ticket", "urn:example", prefix: "ex")
        envelope.setMustUnderstand(true, on: block)
        #expect(block.attribute("mustUnderstand", version.namespace) == expected)
        #expect(try envelope.mustUnderstand(block))

        let reread = try SOAPEnvelope(parsing: envelope.serialize())
        #expect(try reread.mustUnderstand(try #require(reread.headerBlocks.first)))

        envelope.setMustUnderstand(false, on: block)
        #expect(block.attribute("mustUnderstand", version.namespace) == nil)
        #expect(try !envelope.mustUnderstand(block))
    }

    @Test("The attribute is written in the envelope namespace even when the envelope uses a default namespace")
    func defaultNamespaceEnvelope() throws {
        let envelope = try parseEnvelope(
            "<Envelope xmlns='http://schemas.xmlsoap.org/soap/envelope/'><Header><t:T xmlns:t='urn:t'/></Header><Body/></Envelope>")
        let block = try #require(envelope.headerBlocks.first)
        envelope.setMustUnderstand(true, on: block)
        let reread = try SOAPEnvelope(parsing: envelope.serialize())
        #expect(try reread.mustUnderstand(try #require(reread.headerBlocks.first)))
    }

    @Test("Reading accepts 1, true, 0 and false in both versions", arguments: SOAPVersion.allCases)
    func reading(version: SOAPVersion) throws {
        let envelope = try parseEnvelope(
            wrapEnvelope(
                version,
                """
                <s:Header><a:A xmlns:a='urn:a' s:mustUnderstand='1'/><a:B xmlns:a='urn:a' s:mustUnderstand=' true '/>
                <a:C xmlns:a='urn:a' s:mustUnderstand='0'/><a:D xmlns:a='urn:a' s:mustUnderstand='false'/><a:E xmlns:a='urn:a'/>
                <a:F xmlns:a='urn:a' mustUnderstand='1'/></s:Header><s:Body/>
                """))
        let values = try envelope.headerBlocks.map { try envelope.mustUnderstand($0) }
        // F's attribute is unqualified, so it is not SOAP's mustUnderstand.
        #expect(values == [true, true, false, false, false, false])
    }

    @Test("Any other value is refused")
    func invalidValue() throws {
        let envelope = try parseEnvelope(envelope12("<s:Header><a:A xmlns:a='urn:a' s:mustUnderstand='yes'/></s:Header><s:Body/>"))
        #expect(throws: SOAPError(.invalidMustUnderstand, "")) { try envelope.mustUnderstand(envelope.headerBlocks[0]) }
    }

    @Test("checkMustUnderstand refuses a mandatory block we do not understand, for our roles only")
    func checkMustUnderstand() throws {
        let envelope = try parseEnvelope(Listings.listing1)
        let security = QName(NS.wsse, "Security")
        #expect(throws: SOAPError(.notUnderstood, "")) { try envelope.checkMustUnderstand(understood: []) }
        try envelope.checkMustUnderstand(understood: [security])

        let elsewhere = try parseEnvelope(
            envelope12(
                "<s:Header><a:A xmlns:a='urn:a' s:role='urn:other' s:mustUnderstand='true'/></s:Header><s:Body/>"))
        try elsewhere.checkMustUnderstand(understood: [])
        #expect(throws: SOAPError(.notUnderstood, "")) {
            try elsewhere.checkMustUnderstand(understood: [], actingAs: [.named("urn:other")])
        }
    }
}
