import SOAP
import Testing
import XMLCore

@Suite("AddressingHeaders")
struct AddressingHeadersTests {
    static let sample = AddressingHeaders(
        to: "https://sts.example/trust",
        action: "http://docs.oasis-open.org/ws-sx/ws-trust/200512/RST/Issue",
        messageID: "urn:uuid:6b29fc40-ca47-1067-b31d-00dd010662da",
        relatesTo: [.init(messageID: "urn:uuid:1", relationshipType: "urn:custom-relation"), .init(messageID: "urn:uuid:2")],
        replyTo: EndpointReference(address: "http://www.w3.org/2005/08/addressing/anonymous"),
        faultTo: EndpointReference(address: "https://client.example/faults")
    )

    @Test("Listing 1's To and Action are read, trimmed, as WS-Addressing 1.0")
    func listing1() throws {
        let headers = try #require(try AddressingHeaders(reading: try parseEnvelope(Listings.listing1)))
        #expect(headers.version == .v10)
        #expect(headers.to == "http://testHost/HelloService")
        #expect(headers.action == "http://testHost/HelloService/hello")
        #expect(headers.messageID == nil)
        #expect(headers.replyTo == nil)
    }

    @Test("An envelope without addressing headers reads as nil")
    func absent() throws {
        #expect(try AddressingHeaders(reading: try parseEnvelope(Listings.listing2)) == nil)
        #expect(try AddressingHeaders(reading: SOAPEnvelope(version: .v11)) == nil)
    }

    @Test(
        "Headers round-trip in both namespaces and both SOAP versions",
        arguments: WSAddressingVersion.allCases, SOAPVersion.allCases)
    func roundTrip(addressing: WSAddressingVersion, soap: SOAPVersion) throws {
        var headers = Self.sample
        headers.version = addressing
        let envelope = SOAPEnvelope(version: soap)
        headers.write(to: envelope)
        #expect(envelope.headerBlocks.allSatisfy { $0.namespaceURI == addressing.namespace })

        let reread = try SOAPEnvelope(parsing: envelope.serialize())
        let parsed = try #require(try AddressingHeaders(reading: reread))
        #expect(parsed == headers)
        #expect(parsed.version == addressing)
        #expect(parsed.relatesTo.map(\.relationshipType) == ["urn:custom-relation", nil])
    }

    @Test("The 2004/08 namespace is recognised and reported")
    func submissionNamespace() throws {
        let envelope = try parseEnvelope(
            envelope12(
                """
                <s:Header xmlns:a='http://schemas.xmlsoap.org/ws/2004/08/addressing'>
                  <a:Action s:mustUnderstand='1'>http://schemas.xmlsoap.org/ws/2005/02/trust/RST/Issue</a:Action>
                  <a:MessageID>urn:uuid:abc</a:MessageID>
                  <a:ReplyTo><a:Address>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:Address></a:ReplyTo>
                  <a:To s:mustUnderstand='1'>https://sts.example/</a:To>
                </s:Header><s:Body/>
                """))
        let headers = try #require(try AddressingHeaders(reading: envelope))
        #expect(headers.version == .submission200408)
        #expect(headers.action == "http://schemas.xmlsoap.org/ws/2005/02/trust/RST/Issue")
        #expect(headers.replyTo?.address == WSAddressingVersion.submission200408.anonymousAddress)

        let reply = headers.reply(action: "http://schemas.xmlsoap.org/ws/2005/02/trust/RSTR/Issue", messageID: "urn:uuid:reply")
        #expect(reply.version == .submission200408)
        #expect(reply.to == WSAddressingVersion.submission200408.anonymousAddress)
        #expect(reply.relatesTo == [.init(messageID: "urn:uuid:abc")])
        #expect(reply.messageID == "urn:uuid:reply")
    }

    @Test("Headers in both namespaces are refused")
    func mixedNamespaces() throws {
        let envelope = try parseEnvelope(
            envelope11(
                """
                <s:Header><a:Action xmlns:a='http://www.w3.org/2005/08/addressing'>urn:a</a:Action>
                <b:To xmlns:b='http://schemas.xmlsoap.org/ws/2004/08/addressing'>urn:b</b:To></s:Header><s:Body/>
                """))
        #expect(throws: SOAPError(.invalidAddressingHeader, "")) { try AddressingHeaders(reading: envelope) }
    }

    @Test("A repeated single-valued header is refused", arguments: ["To", "Action", "MessageID"])
    func duplicate(name: String) throws {
        let block = "<a:\(name) xmlns:a='http://www.w3.org/2005/08/addressing'>urn:x</a:\(name)>"
        let envelope = try parseEnvelope(envelope12("<s:Header>\(block)\(block)</s:Header><s:Body/>"))
        #expect(throws: SOAPError(.invalidAddressingHeader, "")) { try AddressingHeaders(reading: envelope) }
    }

    @Test(
        "An endpoint reference without an Address, or an empty header, is refused",
        arguments: [
            "<a:ReplyTo xmlns:a='http://www.w3.org/2005/08/addressing'/>",
            "<a:FaultTo xmlns:a='http://www.w3.org/2005/08/addressing'><a:Address> </a:Address></a:FaultTo>",
            "<a:Action xmlns:a='http://www.w3.org/2005/08/addressing'>  </a:Action>",
        ])
    func malformed(block: String) throws {
        let envelope = try parseEnvelope(envelope11("<s:Header>\(block)</s:Header><s:Body/>"))
        #expect(throws: SOAPError(.invalidAddressingHeader, "")) { try AddressingHeaders(reading: envelope) }
    }

    @Test("Writing replaces addressing headers already present and keeps other blocks")
    func writeReplaces() throws {
        let envelope = try parseEnvelope(Listings.listing1)
        AddressingHeaders(version: .submission200408, action: "urn:new").write(to: envelope, markingMustUnderstand: true)
        let names = envelope.headerBlocks.map(\.name)
        #expect(names == [QName(NS.wsse, "Security"), QName(NS.wsa200408, "Action")])
        let action = try #require(envelope.headerBlocks.last)
        #expect(try envelope.mustUnderstand(action))
        let parsed = try #require(try AddressingHeaders(reading: try SOAPEnvelope(parsing: envelope.serialize())))
        #expect(parsed == AddressingHeaders(version: .submission200408, action: "urn:new"))
    }

    @Test("A reply goes to ReplyTo, relates to the request, and has a fresh urn:uuid message ID")
    func reply() {
        let request = AddressingHeaders(
            action: "urn:request", messageID: "urn:uuid:req",
            replyTo: EndpointReference(address: "https://client.example/replies"))
        let reply = request.reply(action: "urn:response")
        #expect(reply.version == .v10)
        #expect(reply.to == "https://client.example/replies")
        #expect(reply.action == "urn:response")
        #expect(reply.relatesTo == [.init(messageID: "urn:uuid:req")])
        let id = reply.messageID ?? ""
        #expect(id.hasPrefix("urn:uuid:"))
        #expect(id.count == "urn:uuid:".count + 36)
        #expect(request.reply(action: "urn:response").messageID != id)

        let anonymous = AddressingHeaders(action: "urn:request").reply(action: "urn:response")
        #expect(anonymous.to == "http://www.w3.org/2005/08/addressing/anonymous")
        #expect(anonymous.relatesTo.isEmpty)
    }

    @Test("A fault reply goes to FaultTo, else ReplyTo, with the fault action of the namespace used")
    func faultReply() {
        #expect(Self.sample.faultReply().to == "https://client.example/faults")
        #expect(Self.sample.faultReply().action == "http://www.w3.org/2005/08/addressing/soap/fault")
        var noFaultTo = Self.sample
        noFaultTo.faultTo = nil
        noFaultTo.replyTo = EndpointReference(address: "https://client.example/replies")
        #expect(noFaultTo.faultReply().to == "https://client.example/replies")
        var submission = Self.sample
        submission.version = .submission200408
        #expect(submission.faultReply().action == "http://schemas.xmlsoap.org/ws/2004/08/addressing/fault")
        #expect(Self.sample.faultReply(messageID: "urn:uuid:f").relatesTo == [.init(messageID: Self.sample.messageID!)])
    }

    @Test("A fault envelope carries the fault reply headers")
    func faultEnvelopeWithAddressing() throws {
        let envelope = SOAPFault(OtherSpecificationFaultCodes.invalidRequest).envelope(.v12)
        Self.sample.faultReply(messageID: "urn:uuid:f").write(to: envelope)
        let reread = try SOAPEnvelope(parsing: envelope.serialize())
        #expect(try AddressingHeaders(reading: reread)?.action == WSAddressingVersion.v10.faultAction)
        #expect(try SOAPFault(envelope: reread).subcode == OtherSpecificationFaultCodes.invalidRequest.name)
    }
}
