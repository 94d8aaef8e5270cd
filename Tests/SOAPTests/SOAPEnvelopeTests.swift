import SOAP
import Testing
import XMLCore

@Suite("SOAPEnvelope")
struct SOAPEnvelopeTests {
    // MARK: Reading the article's listings

    @Test("Listing 1 reads as a SOAP 1.1 envelope with three header blocks and a payload")
    func listing1() throws {
        let envelope = try parseEnvelope(Listings.listing1)
        #expect(envelope.version == .v11)
        #expect(envelope.header?.is("Header", NS.soap11) == true)
        #expect(envelope.body.is("Body", NS.soap11))
        #expect(envelope.headerBlocks.map(\.name) == [QName(NS.wsa10, "To"), QName(NS.wsa10, "Action"), QName(NS.wsse, "Security")])
        #expect(envelope.bodyPayload?.name == QName("http://testHost/HelloService", "hello"))
    }

    @Test("Listing 1 verbatim is refused: its Body holds text, not elements")
    func listing1Verbatim() {
        #expect(throws: SOAPError(.unexpectedContent, "")) { try parseEnvelope(Listings.listing1Verbatim) }
    }

    @Test("Listing 2 reads as a SOAP 1.2 envelope carrying a WS-Trust 1.3 RequestSecurityToken")
    func listing2() throws {
        let envelope = try parseEnvelope(Listings.listing2)
        #expect(envelope.version == .v12)
        #expect(envelope.headerBlocks.map(\.name) == [QName(NS.wsse, "Security")])
        let payload = try #require(envelope.bodyPayload)
        #expect(payload.is("RequestSecurityToken", NS.trust13))
        #expect(payload.firstChild("RequestType", NS.trust13)?.trimmedText == "http://docs.oasis-open.org/ws-sx/ws-trust/200512/Issue")
    }

    // MARK: Shapes that are refused

    @Test("A second Body is refused")
    func twoBodies() {
        #expect(throws: SOAPError(.duplicateBody, "")) {
            try parseEnvelope(envelope11("<s:Header/><s:Body><a xmlns='urn:a'/></s:Body><s:Body><b xmlns='urn:b'/></s:Body>"))
        }
        #expect(throws: SOAPError(.duplicateBody, "")) {
            try parseEnvelope(envelope12("<s:Body/><s:Body/>"))
        }
    }

    @Test("A Body inside the Header, directly or deep in a header block, is refused")
    func bodyInHeader() {
        #expect(throws: SOAPError(.misplacedEnvelopePart, "")) {
            try parseEnvelope(envelope11("<s:Header><s:Body><a xmlns='urn:a'/></s:Body></s:Header><s:Body/>"))
        }
        #expect(throws: SOAPError(.misplacedEnvelopePart, "")) {
            try parseEnvelope(envelope12("<s:Header><wsse:Security><w:Wrapper xmlns:w='urn:w'><s:Body/></w:Wrapper></wsse:Security></s:Header><s:Body/>"))
        }
    }

    @Test("SOAP envelope parts of the other version are refused inside the Body too")
    func envelopePartsInBody() {
        #expect(throws: SOAPError(.misplacedEnvelopePart, "")) {
            try parseEnvelope(envelope12("<s:Body><x xmlns='urn:x'><e:Body xmlns:e='http://schemas.xmlsoap.org/soap/envelope/'/></x></s:Body>"))
        }
        #expect(throws: SOAPError(.misplacedEnvelopePart, "")) {
            try parseEnvelope(envelope11("<s:Body><s:Envelope><s:Body/></s:Envelope></s:Body>"))
        }
    }

    @Test("A Header after the Body is refused")
    func headerAfterBody() {
        #expect(throws: SOAPError(.misplacedHeader, "")) {
            try parseEnvelope(envelope11("<s:Body/><s:Header/>"))
        }
    }

    @Test("A second Header is refused")
    func twoHeaders() {
        #expect(throws: SOAPError(.duplicateHeader, "")) {
            try parseEnvelope(envelope12("<s:Header/><s:Header/><s:Body/>"))
        }
    }

    @Test("An envelope without a Body is refused")
    func missingBody() {
        #expect(throws: SOAPError(.missingBody, "")) { try parseEnvelope(envelope11("<s:Header/>")) }
        #expect(throws: SOAPError(.missingBody, "")) { try parseEnvelope(envelope12("")) }
    }

    @Test("Anything but Header and Body in the Envelope is refused, including SOAP 1.1 trailers")
    func unexpectedContent() {
        #expect(throws: SOAPError(.unexpectedContent, "")) {
            try parseEnvelope(envelope11("<s:Body/><x:Trailer xmlns:x='urn:x'/>"))
        }
        #expect(throws: SOAPError(.unexpectedContent, "")) {
            try parseEnvelope(envelope12("<s:Header/>text<s:Body/>"))
        }
        // A Body of the other SOAP version is not this envelope's Body.
        #expect(throws: SOAPError(.unexpectedContent, "")) {
            try parseEnvelope(envelope12("<e:Body xmlns:e='http://schemas.xmlsoap.org/soap/envelope/'/>"))
        }
        #expect(throws: SOAPError(.unexpectedContent, "")) {
            try parseEnvelope(envelope11("<s:Header>loose text</s:Header><s:Body/>"))
        }
    }

    @Test("A root that is not an Envelope is refused")
    func wrongRoot() {
        #expect(throws: SOAPError(.notAnEnvelope, "")) {
            try parseEnvelope("<s:Body xmlns:s='http://schemas.xmlsoap.org/soap/envelope/'/>")
        }
        #expect(throws: SOAPError(.notAnEnvelope, "")) {
            try parseEnvelope("<RequestSecurityToken xmlns='http://docs.oasis-open.org/ws-sx/ws-trust/200512'/>")
        }
    }

    @Test("An Envelope in an unknown namespace is a version mismatch")
    func versionMismatch() {
        #expect(throws: SOAPError(.versionMismatch, "")) {
            try parseEnvelope("<s:Envelope xmlns:s='http://www.w3.org/2001/12/soap-envelope'><s:Body/></s:Envelope>")
        }
        #expect(throws: SOAPError(.versionMismatch, "")) { try parseEnvelope("<Envelope><Body/></Envelope>") }
    }

    @Test("Bytes that are not XML fail in XMLCore, with XMLCore's error")
    func malformedXML() {
        #expect(throws: XMLError(.malformed, "")) { try parseEnvelope("<s:Envelope") }
        #expect(throws: XMLError(.doctypeForbidden, "")) {
            try parseEnvelope("<!DOCTYPE x [<!ENTITY e 'x'>]><s:Envelope xmlns:s='http://schemas.xmlsoap.org/soap/envelope/'><s:Body/></s:Envelope>")
        }
    }

    // MARK: Building

    @Test("A new envelope has an empty Header and Body and reads back", arguments: SOAPVersion.allCases)
    func newEnvelope(version: SOAPVersion) throws {
        let built = SOAPEnvelope(version: version)
        #expect(built.envelope.is("Envelope", version.namespace))
        #expect(built.header != nil)
        #expect(built.headerBlocks.isEmpty)
        #expect(built.bodyPayload == nil)
        let reread = try SOAPEnvelope(parsing: built.serialize())
        #expect(reread.version == version)
        #expect(reread.header != nil)
        #expect(reread.envelope.children.map(\.localName) == ["Header", "Body"])
    }

    @Test("ensureHeader adds a Header before the Body only when there is none")
    func ensureHeader() throws {
        let envelope = try parseEnvelope("<Envelope xmlns='http://www.w3.org/2003/05/soap-envelope'><Body/></Envelope>")
        #expect(envelope.header == nil)
        let header = envelope.ensureHeader()
        #expect(header.is("Header", NS.soap12))
        #expect(envelope.envelope.children.map(\.localName) == ["Header", "Body"])
        #expect(envelope.ensureHeader() == header)
        #expect(envelope.envelope.children.count == 2)
        try envelope.validate()
        let reread = try SOAPEnvelope(parsing: envelope.serialize())
        #expect(reread.header != nil)
    }

    @Test("addHeaderBlock appends to the Header and the result reads back")
    func addHeaderBlock() throws {
        let envelope = SOAPEnvelope(version: .v11)
        envelope.addHeaderBlock("Ticket", "urn:example", prefix: "ex").setText("42")
        let reread = try SOAPEnvelope(parsing: envelope.serialize())
        #expect(reread.headerBlocks.map(\.name) == [QName("urn:example", "Ticket")])
        #expect(reread.headerBlocks.first?.trimmedText == "42")
    }

    @Test("validate catches a shape broken after reading")
    func validateAfterMutation() throws {
        let envelope = SOAPEnvelope(version: .v12)
        try envelope.validate()
        envelope.envelope.addChild("Body", NS.soap12, prefix: "soap")
        #expect(throws: SOAPError(.duplicateBody, "")) { try envelope.validate() }
    }
}
