import SOAP
import Testing
import XMLCore

/// The `MustUnderstand` fault for header blocks not understood: SOAP 1.2 names each in a
/// `NotUnderstood` header block (Part 1 §5.4.8); SOAP 1.1 has only the fault code.
@Suite("MustUnderstand faults and NotUnderstood header blocks")
struct SOAPFaultNotUnderstoodTests {
    static let names = [QName("urn:a", "A"), QName("urn:b", "B")]

    @Test("checkMustUnderstand reports every mandatory block not understood, once, in document order")
    func reportsEveryName() throws {
        let envelope = try parseEnvelope(
            envelope12(
                """
                <s:Header><a:A xmlns:a='urn:a' s:mustUnderstand='true'/><b:B xmlns:b='urn:b' s:mustUnderstand='1'/>
                <a:A xmlns:a='urn:a' s:mustUnderstand='true'/><c:C xmlns:c='urn:c' s:mustUnderstand='false'/>
                <d:D xmlns:d='urn:d' s:mustUnderstand='true' s:role='http://www.w3.org/2003/05/soap-envelope/role/none'/>
                <wsse:Security s:mustUnderstand='true'/></s:Header><s:Body/>
                """))
        let error = #expect(throws: SOAPError.self) { try envelope.checkMustUnderstand(understood: [QName(NS.wsse, "Security")]) }
        #expect(error?.code == .notUnderstood)
        #expect(error?.notUnderstoodHeaders == Self.names)
        #expect(error?.fault.code == .mustUnderstand)
        #expect(error?.fault.notUnderstood == Self.names)
    }

    @Test("The number of names reported is bounded")
    func bounded() throws {
        let blocks = (0..<20).map { "<x:B\($0) xmlns:x='urn:x' s:mustUnderstand='1'/>" }.joined()
        let envelope = try parseEnvelope(envelope11("<s:Header>\(blocks)</s:Header><s:Body/>"))
        let error = #expect(throws: SOAPError.self) { try envelope.checkMustUnderstand(understood: []) }
        #expect(error?.notUnderstoodHeaders.count == SOAPEnvelope.maximumReportedNotUnderstood)
    }

    @Test("A SOAP 1.2 fault names each block in a NotUnderstood header and reads back")
    func soap12() throws {
        let fault = SOAPFault(code: .mustUnderstand, reason: "A mandatory header block was not understood", notUnderstood: Self.names)
        let wire = try parseEnvelope(fault.envelope(.v12).serialize().string)
        let blocks = wire.headerBlocks
        #expect(blocks.count == 2)
        #expect(blocks.allSatisfy { $0.is("NotUnderstood", NS.soap12) })
        #expect(try blocks.map { try $0.resolveQName(try #require($0.attribute("qname"))) } == Self.names)
        let read = try SOAPFault(envelope: wire)
        #expect(read.code == .mustUnderstand)
        #expect(read.notUnderstood == Self.names)
    }

    @Test("A SOAP 1.1 fault carries the code only")
    func soap11() throws {
        let fault = SOAPFault(code: .mustUnderstand, reason: "A mandatory header block was not understood", notUnderstood: Self.names)
        let wire = try parseEnvelope(fault.envelope(.v11).serialize().string)
        #expect(wire.headerBlocks.isEmpty)
        let read = try SOAPFault(envelope: wire)
        #expect(read.code == .mustUnderstand)
        #expect(read.notUnderstood.isEmpty)
    }
}
