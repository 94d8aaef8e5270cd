import SOAP
import Testing
import XMLCore

/// SOAP 1.2 Part 1 §5: a SOAP message must not contain processing instructions. An envelope
/// holding one anywhere is refused, in both versions.
@Suite("SOAPEnvelope refuses processing instructions")
struct SOAPEnvelopeProcessingInstructionTests {
    static let instruction = "<?xml-stylesheet href='x.xsl' type='text/xsl'?>"

    static let placements: [(String, @Sendable (SOAPVersion) -> String)] = [
        ("before the envelope", { instruction + wrapEnvelope($0, "<s:Body/>") }),
        ("after the envelope", { wrapEnvelope($0, "<s:Body/>") + instruction }),
        ("in the Envelope", { wrapEnvelope($0, instruction + "<s:Body/>") }),
        ("in the Header", { wrapEnvelope($0, "<s:Header>" + instruction + "</s:Header><s:Body/>") }),
        ("in a header block", { wrapEnvelope($0, "<s:Header><a:A xmlns:a='urn:a'>" + instruction + "</a:A></s:Header><s:Body/>") }),
        ("in the Body payload", { wrapEnvelope($0, "<s:Body><a:A xmlns:a='urn:a'>" + instruction + "</a:A></s:Body>") }),
    ]

    @Test(arguments: SOAPVersion.allCases, placements.indices)
    func refused(_ version: SOAPVersion, _ index: Int) throws {
        let (place, xml) = Self.placements[index]
        let error = #expect(throws: SOAPError.self, "\(place)") { try parseEnvelope(xml(version)) }
        #expect(error?.code == .processingInstruction, "\(place)")
        #expect(error?.fault.code == .sender)
        #expect(error?.fault.subcode == nil)
    }

    @Test("The XML declaration is not a processing instruction", arguments: SOAPVersion.allCases)
    func xmlDeclarationIsAccepted(_ version: SOAPVersion) throws {
        _ = try parseEnvelope("<?xml version='1.0' encoding='UTF-8'?>" + wrapEnvelope(version, "<s:Body/>"))
    }

    @Test("Content parsed into the envelope later is held to the rule too")
    func parsedContent() throws {
        let envelope = try parseEnvelope(envelope12("<s:Body><a:A xmlns:a='urn:a'/></s:Body>"))
        try envelope.validate()
        let payload = try #require(envelope.bodyPayload)
        try payload.replace(withParsedContent: Array("<b:B xmlns:b='urn:b'><?evil?></b:B>".utf8))
        #expect(envelope.document.containsProcessingInstructions)
        #expect(throws: SOAPError(.processingInstruction, "")) { try envelope.validate() }
    }
}
