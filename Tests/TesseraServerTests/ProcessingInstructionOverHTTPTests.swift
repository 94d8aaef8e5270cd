import Foundation
import SOAP
import Testing
import XMLCore

/// A SOAP message must not contain processing instructions (SOAP 1.2 Part 1 §5); the endpoints
/// refuse one anywhere in the document, in both SOAP versions, with a Sender (SOAP 1.2) or
/// Client (SOAP 1.1) fault. Each request below is otherwise one the STS answers: the
/// instruction lies outside what the signature covers.
@Suite struct ProcessingInstructionOverHTTPTests {
    enum Place: String, CaseIterable {
        case beforeTheEnvelope, inTheHeader, afterTheEnvelope
    }

    static let instruction = "<?xml-stylesheet href=\"http://attacker.example/x.xsl\" type=\"text/xsl\"?>"

    /// A signed Issue request of `version` with a processing instruction at `place`.
    static func request(_ version: SOAPVersion, instructionAt place: Place) throws -> [UInt8] {
        let envelope = try SOAPEnvelope(parsing: try TestPKI.signedRequest(version: version))
        let header = try #require(envelope.header)
        let text = String(decoding: envelope.serialize(), as: UTF8.self)
        let result: String
        switch place {
        case .beforeTheEnvelope:
            result = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + instruction + text
        case .afterTheEnvelope:
            result = text + instruction
        case .inTheHeader:
            let open = "<\(header.prefix.map { $0 + ":" } ?? "")Header>"
            let range = try #require(text.range(of: open))
            result = text.replacingCharacters(in: range, with: open + instruction)
        }
        return Array(result.utf8)
    }

    @Test(arguments: SOAPVersion.allCases, Place.allCases)
    func processingInstructionIsRefused(_ version: SOAPVersion, _ place: Place) async throws {
        try await TestServer.with { server in
            let body = try Self.request(version, instructionAt: place)
            let result = try await server.postSOAP(body, version: version == .v11 ? .soap11 : .soap12, action: nil)
            #expect(result.status == (version == .v11 ? 500 : 400), "\(result.text)")
            let fault = try SOAPFault(envelope: try SOAPEnvelope(parsing: result.body))
            #expect(fault.code == .sender, "\(fault)")
            #expect(fault.subcode == nil, "\(fault)")
            #expect(!result.text.contains("stylesheet"))
        }
    }
}
