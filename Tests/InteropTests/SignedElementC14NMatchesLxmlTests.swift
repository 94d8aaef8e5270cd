import Foundation
import SOAP
import Testing
import WSSecurity
import XMLCore
import XMLSecurity
import TesseraTestSupport

/// On real WS-Security messages, Tessera's exclusive C14N of each signed element (Body and
/// Timestamp) is byte for byte lxml's (`exc_c14n.py --xpath-id`), and hashes to the message's
/// DigestValue, so the bytes compared are the bytes that were signed. The messages come from
/// Tessera's builder, xmlsec1 (the committed sample) and zeep, whose layouts differ (prefixes,
/// default-namespace ds:Signature, whitespace, ID placement).
@Suite("Exclusive C14N of signed elements matches lxml", .tags(.interop), .requiresPythonOracles)
struct SignedElementC14NMatchesLxmlTests {
    enum Source: String, Sendable, CaseIterable {
        case tessera, xmlsec1Sample, zeep
    }

    static func message(_ source: Source) async throws -> [UInt8] {
        switch source {
        case .tessera:
            return try TesseraSignatureVerifiesElsewhereTests.signedRequest(.binarySecurityToken)
        case .xmlsec1Sample:
            return try Interop.bytes("soap/envelope-signed-xmlsec1.xml")
        case .zeep:
            let result = try await Interop.python(
                "zeep_sign.py",
                [
                    Interop.fixture("soap/envelope.xml").path,
                    Interop.fixture("gateway.key.pem").path, Interop.fixture("gateway.cert.pem").path,
                    "--digest", "sha256", "--keyid", "bst",
                ])
            try #require(result.succeeded, "\(result)")
            return result.stdout
        }
    }

    /// lxml's exclusive C14N of the element with `id` in `file`.
    static func lxml(_ file: String, id: String) async throws -> [UInt8] {
        let result = try await Interop.python("exc_c14n.py", [file, "--xpath-id", id])
        try #require(result.succeeded, "\(result)")
        return result.stdout
    }

    /// Each `#id` reference of the message's signature with its digest method and value.
    static func references(in envelope: SOAPEnvelope) throws -> [(id: String, method: DigestMethod, value: [UInt8])] {
        let ds = XMLSecurityNamespace.ds
        let signature = try #require(try envelope.securityHeader()?.firstChild("Signature", ds))
        let signedInfo = try #require(signature.firstChild("SignedInfo", ds))
        return try signedInfo.children("Reference", ds).map { reference in
            let uri = try #require(reference.attribute("URI"))
            try #require(uri.hasPrefix("#"))
            let method = try DigestMethod(uri: try #require(reference.firstChild("DigestMethod", ds)?.attribute("Algorithm")))
            let digestValue = try #require(reference.firstChild("DigestValue", ds)).trimmedText
            let value = try #require(Data(base64Encoded: digestValue))
            return (String(uri.dropFirst()), method, [UInt8](value))
        }
    }

    @Test("Body and Timestamp canonicalize like lxml and match their DigestValue", arguments: Source.allCases)
    func signedElementsMatchLxml(_ source: Source) async throws {
        let scratch = try ScratchDirectory()
        let bytes = try await Self.message(source)
        let file = try scratch.write(bytes, as: "message.xml")
        let envelope = try SOAPEnvelope(parsing: bytes)
        let index = try IDIndex(envelope.document)

        let references = try Self.references(in: envelope)
        let timestamp = try #require(try envelope.securityHeader()?.firstChild("Timestamp", Interop.wsu))
        #expect(Set(try references.map { try index.element(withID: $0.id) }) == [envelope.body, timestamp])
        for reference in references {
            let tessera = try Interop.canonical(try index.element(withID: reference.id))
            let lxml = try await Self.lxml(file, id: reference.id)
            #expect(String(decoding: tessera, as: UTF8.self) == String(decoding: lxml, as: UTF8.self), "#\(reference.id)")
            #expect(reference.method.algorithm.hash(tessera) == reference.value, "#\(reference.id): digest of the canonical bytes")
        }
    }

    @Test("the comparison sees a one-character change in the Body", arguments: [Source.tessera, .xmlsec1Sample])
    func tamperedBodyDiffers(_ source: Source) async throws {
        let scratch = try ScratchDirectory()
        let bytes = try await Self.message(source)
        let envelope = try SOAPEnvelope(parsing: bytes)
        let bodyID = try #require(envelope.body.attribute("Id", Interop.wsu))
        let tampered = try scratch.write(try Interop.replacing(">TSSR<", with: ">TSSS<", in: bytes), as: "tampered.xml")

        let tessera = try Interop.canonical(envelope.body)
        let lxml = try await Self.lxml(tampered, id: bodyID)
        #expect(tessera != lxml)
        #expect(tessera.count == lxml.count)
    }
}
