import Foundation
import SOAP
import Testing
import TesseraTestSupport
import WSSecurity
import XMLCore
import XMLSecurity

/// Body content encrypted by Tessera's SecurityHeaderBuilder for service.cert (RSA-OAEP
/// key transport, AES-CBC or AES-GCM) decrypts with xmlsec1 and the service key to the
/// original payload; with another key it does not.
///
/// Adaptation for xmlsec1: Tessera writes the WS-Security layout, the `xenc:EncryptedKey` in
/// the security header with a ReferenceList naming the EncryptedData in the Body, which has no
/// KeyInfo. xmlsec1 decrypts only the first `xenc:EncryptedData` and finds its key through the
/// EncryptedData's own KeyInfo; it does not follow a header's ReferenceList ("key is not
/// found"). The test therefore adds to Tessera's EncryptedData the one thing plain XML-Enc
/// needs, `ds:KeyInfo/ds:RetrievalMethod Type="...#EncryptedKey" URI="#<EncryptedKey Id>"`,
/// and registers the EncryptedKey's `Id` with `--id-attr`. Everything Tessera produced, the
/// header's EncryptedKey with its STR KeyInfo and both CipherValues, is left as it is.
@Suite("Tessera-encrypted Body content decrypts with xmlsec1", .tags(.interop), .requiresXmlsec1)
struct TesseraEncryptionDecryptsInXmlsec1Tests {
    /// xmlsec1 1.2.37 knows `rsa-oaep-mgf1p` (Tessera's default, SHA-1/MGF1-SHA1) but not XML-Enc
    /// 1.1's `xenc11#rsa-oaep`, so `.rsaOAEPSHA256` cannot be checked with it.
    static let algorithms: [BlockEncryptionAlgorithm] = [.aes128CBC, .aes256CBC, .aes128GCM, .aes256GCM]

    /// A request whose Body content Tessera encrypted for the service, as received, and the
    /// canonical payload before encryption.
    static func encryptedRequest(_ algorithm: BlockEncryptionAlgorithm) throws -> (envelope: SOAPEnvelope, payload: [UInt8]) {
        let envelope = Interop.quoteRequest()
        let payload = try Interop.canonical(try #require(envelope.bodyPayload))
        var options = SecurityHeaderBuilder.EncryptionOptions(recipient: try Interop.certificate("service"))
        options.algorithm = algorithm
        var builder = SecurityHeaderBuilder()
        builder.encryption = options
        try builder.secure(envelope)
        return (try SOAPEnvelope(parsing: envelope.serialize()), payload)
    }

    /// Points Tessera's EncryptedData at the header's EncryptedKey in the way XML-Enc §3.5.1
    /// offers (RetrievalMethod), which xmlsec1 follows. Returns the EncryptedData's algorithm URI.
    static func addRetrievalMethod(_ envelope: SOAPEnvelope) throws -> String {
        let xenc = XMLSecurityNamespace.xenc, ds = XMLSecurityNamespace.ds
        let security = try #require(try envelope.securityHeader())
        let encryptedKey = try #require(security.firstChild("EncryptedKey", xenc))
        let keyID = try #require(encryptedKey.attribute("Id"))
        let encryptedData = try #require(envelope.body.firstChild("EncryptedData", xenc))
        #expect(encryptedData.firstChild("KeyInfo", ds) == nil, "Tessera now writes a KeyInfo in the EncryptedData")
        let references = encryptedKey.firstChild("ReferenceList", xenc)?.children("DataReference", xenc).compactMap { $0.attribute("URI") }
        #expect(references == ["#" + (encryptedData.attribute("Id") ?? "?")], "the EncryptedKey does not list the Body's EncryptedData")

        let keyInfo = encryptedData.insertChild("KeyInfo", ds, prefix: "ds", before: encryptedData.firstChild("CipherData", xenc))
        let retrieval = keyInfo.addChild("RetrievalMethod", ds, prefix: "ds")
        retrieval.setAttribute("URI", value: "#" + keyID)
        retrieval.setAttribute("Type", value: "http://www.w3.org/2001/04/xmlenc#EncryptedKey")
        return try #require(encryptedData.firstChild("EncryptionMethod", xenc)?.attribute("Algorithm"))
    }

    static func xmlsec1Decrypt(_ file: String, key: String, output: String) async throws -> ToolResult {
        try await Interop.xmlsec1([
            "--decrypt", "--privkey-pem", Interop.fixture("\(key).key.pem").path,
            "--id-attr:Id", "\(XMLSecurityNamespace.xenc):EncryptedKey",
            "--output", output, file,
        ])
    }

    @Test("xmlsec1 decrypts to the original payload, and fails with the gateway's key", arguments: algorithms)
    func xmlsec1Decrypts(_ algorithm: BlockEncryptionAlgorithm) async throws {
        let scratch = try ScratchDirectory()
        let (envelope, payload) = try Self.encryptedRequest(algorithm)
        #expect(try Self.addRetrievalMethod(envelope) == algorithm.uri)
        let encrypted = envelope.serialize()
        #expect(!String(decoding: encrypted, as: UTF8.self).contains("TSSR"), "the payload is readable in the message")
        let file = try scratch.write(encrypted, as: "encrypted.xml")

        let result = try await Self.xmlsec1Decrypt(file, key: "service", output: scratch.path("decrypted.xml"))
        try #require(result.succeeded, "\(result)")
        let decrypted = try SOAPEnvelope(parsing: try scratch.read("decrypted.xml"))
        #expect(decrypted.body.children.count == 1)
        let decryptedPayload = try Interop.canonical(try #require(decrypted.bodyPayload))
        #expect(String(decoding: decryptedPayload, as: UTF8.self) == String(decoding: payload, as: UTF8.self))

        let wrongKey = try await Self.xmlsec1Decrypt(file, key: "gateway", output: scratch.path("wrong.xml"))
        #expect(!wrongKey.succeeded, "xmlsec1 decrypted with the gateway's key: \(wrongKey)")
    }
}
