import Foundation
import SOAP
import Testing
import TesseraCrypto
import XMLCore
import XMLSecurity
import TesseraTestSupport

/// Elements and Body content encrypted by xmlsec1 (plain XML-Enc: the `xenc:EncryptedKey`,
/// RSA-OAEP-MGF1P to service.cert, inside the EncryptedData's KeyInfo) decrypt with Tessera's
/// XMLDecryptor and the service key to exactly the original (compared as exclusive C14N
/// bytes with soap/envelope.xml); with the gateway's key, or a changed GCM ciphertext, they do
/// not. The WS-Security engine is not used: it takes EncryptedKeys from the security header,
/// and xmlsec1 does not put them there.
@Suite("xmlsec1-encrypted content decrypts with Tessera", .tags(.interop))
struct Xmlsec1EncryptionDecryptsInTesseraTests {
    static let xenc = XMLSecurityNamespace.xenc

    /// The original `ns1:GetQuote` and Body of soap/envelope.xml, canonical.
    static func original() throws -> (payload: [UInt8], body: [UInt8]) {
        let envelope = try SOAPEnvelope(parsing: try Interop.bytes("soap/envelope.xml"))
        return (try Interop.canonical(try #require(envelope.bodyPayload)), try Interop.canonical(envelope.body))
    }

    /// Decrypts the first EncryptedData of `envelope` in place with the RSA key in its KeyInfo's
    /// EncryptedKey.
    static func decrypt(_ envelope: SOAPEnvelope, with key: PrivateKey) throws -> DecryptedContent {
        let element = try #require(envelope.body.descendantsAndSelf.first { $0.is("EncryptedData", xenc) })
        let encryptedData = try EncryptedDataElement(element)
        let keyInfo = try KeyInfo(try #require(encryptedData.keyInfo, "xmlsec1 wrote no KeyInfo"))
        let encryptedKeys = keyInfo.items.compactMap { item -> XMLElement? in
            if case .encryptedKey(let encryptedKey) = item { encryptedKey } else { nil }
        }
        try #require(encryptedKeys.count == 1)
        let decryptor = XMLDecryptor()
        let sessionKey = try decryptor.decryptKey(
            try EncryptedKeyElement(encryptedKeys[0]), privateKey: key,
            keyLength: encryptedData.algorithm.keyLength)
        return try decryptor.decrypt(encryptedData, key: sessionKey)
    }

    static func expectDecryptionFailed(_ bytes: [UInt8], with key: PrivateKey) throws {
        let envelope = try SOAPEnvelope(parsing: bytes)
        let error = #expect(throws: XMLSecurityError.self) { try decrypt(envelope, with: key) }
        #expect(error?.code == .decryptionFailed, "\(String(describing: error))")
    }

    /// Decrypts an Element-encrypted `ns1:GetQuote` and compares it with the original.
    static func expectOriginalPayload(_ bytes: [UInt8], algorithm: BlockEncryptionAlgorithm) throws {
        let envelope = try SOAPEnvelope(parsing: bytes)
        #expect(!String(decoding: bytes, as: UTF8.self).contains("TSSR"), "the payload is readable in the message")
        let decrypted = try decrypt(envelope, with: try Interop.credential("service").privateKey)
        #expect(decrypted.type == .element)
        #expect(decrypted.algorithm == algorithm)
        #expect(decrypted.parent == envelope.body)
        try #require(decrypted.elements.count == 1)
        let payload = try Interop.canonical(decrypted.elements[0])
        #expect(String(decoding: payload, as: UTF8.self) == String(decoding: try original().payload, as: UTF8.self))
        #expect(envelope.body.descendantsAndSelf.allSatisfy { !$0.is("EncryptedData", xenc) })
    }

    // MARK: The committed samples

    @Test(
        "the committed xmlsec1 samples decrypt to the original GetQuote",
        arguments: [
            ("soap/envelope-encrypted-xmlsec1-gcm.xml", BlockEncryptionAlgorithm.aes256GCM),
            ("soap/envelope-encrypted-xmlsec1-cbc.xml", .aes128CBC),
        ])
    func committedSample(_ name: String, _ algorithm: BlockEncryptionAlgorithm) throws {
        let sample = try Interop.bytes(name)
        try Self.expectOriginalPayload(sample, algorithm: algorithm)
        try Self.expectDecryptionFailed(sample, with: try Interop.credential("gateway").privateKey)
    }

    @Test("a changed AES-GCM ciphertext is refused")
    func tamperedGCMCiphertext() throws {
        let sample = try SOAPEnvelope(parsing: try Interop.bytes("soap/envelope-encrypted-xmlsec1-gcm.xml"))
        let encryptedData = try #require(sample.body.firstChild("EncryptedData", Self.xenc))
        let cipherValue = try #require(encryptedData.firstChild("CipherData", Self.xenc)?.firstChild("CipherValue", Self.xenc))
        var ciphertext = try #require(Data(base64Encoded: cipherValue.text, options: .ignoreUnknownCharacters))
        ciphertext[20] ^= 0x01
        cipherValue.setText(ciphertext.base64EncodedString())
        try Self.expectDecryptionFailed(sample.serialize(), with: try Interop.credential("service").privateKey)
    }

    // MARK: Encrypted now by xmlsec1

    struct Xmlsec1Case: Sendable, CustomTestStringConvertible {
        var template: String
        var sessionKey: String
        var algorithm: BlockEncryptionAlgorithm
        /// Content encryption of the Body (WS-Security's usual form) instead of the element.
        var content: Bool
        var testDescription: String { "\(algorithm) \(content ? "Body content" : "GetQuote element")" }
    }

    static let xmlsec1Cases: [Xmlsec1Case] = [
        Xmlsec1Case(template: "soap/body-encrypt-template.xml", sessionKey: "aes-256", algorithm: .aes256GCM, content: false),
        Xmlsec1Case(template: "soap/body-encrypt-template-cbc.xml", sessionKey: "aes-128", algorithm: .aes128CBC, content: false),
        Xmlsec1Case(template: "soap/body-encrypt-template.xml", sessionKey: "aes-256", algorithm: .aes256GCM, content: true),
        Xmlsec1Case(template: "soap/body-encrypt-template-cbc.xml", sessionKey: "aes-128", algorithm: .aes128CBC, content: true),
    ]

    @Test("an encryption made now by xmlsec1 decrypts to the original", .requiresXmlsec1, arguments: xmlsec1Cases)
    func freshXmlsec1Encryption(_ xmlsec1Case: Xmlsec1Case) async throws {
        let scratch = try ScratchDirectory()
        var template = try Interop.bytes(xmlsec1Case.template)
        var target = ["--node-xpath", "//*[local-name()=\"GetQuote\"]"]
        if xmlsec1Case.content {
            template = try Interop.replacing("xmlenc#Element", with: "xmlenc#Content", in: template)
            target = ["--node-name", "\(Interop.soap11):Body"]
        }
        let encryption = try await Interop.xmlsec1(
            [
                "--encrypt", "--pubkey-cert-pem", Interop.fixture("service.cert.pem").path,
                "--session-key", xmlsec1Case.sessionKey, "--xml-data", Interop.fixture("soap/envelope.xml").path,
            ]
                + target + ["--output", scratch.path("encrypted.xml"), try scratch.write(template, as: "template.xml")])
        try #require(encryption.succeeded, "\(encryption)")
        let encrypted = try scratch.read("encrypted.xml")

        if xmlsec1Case.content {
            let envelope = try SOAPEnvelope(parsing: encrypted)
            let decrypted = try Self.decrypt(envelope, with: try Interop.credential("service").privateKey)
            #expect(decrypted.type == .content)
            #expect(decrypted.algorithm == xmlsec1Case.algorithm)
            #expect(decrypted.parent == envelope.body)
            #expect(decrypted.elements.map(\.localName) == ["GetQuote"])
            let body = try Interop.canonical(envelope.body)
            #expect(String(decoding: body, as: UTF8.self) == String(decoding: try Self.original().body, as: UTF8.self))
        } else {
            try Self.expectOriginalPayload(encrypted, algorithm: xmlsec1Case.algorithm)
        }
        try Self.expectDecryptionFailed(encrypted, with: try Interop.credential("gateway").privateKey)
    }
}
