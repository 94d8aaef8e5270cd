import Testing
import TesseraCrypto
import XMLCore
@testable import XMLSecurity

struct EncryptionRoundTripTests {
    let xenc = XMLSecurityNamespace.xenc

    private func envelope() throws -> XMLDocument {
        try XMLDocument(parsing: Array(SampleEnvelope.text.utf8))
    }

    private func canonical(_ document: XMLDocument) throws -> [UInt8] {
        try document.canonicalize(nil, method: .exclusive)
    }

    /// Encrypts, sends as bytes, and decrypts on the other side.
    private func roundTrip(type: EncryptedDataType, algorithm: BlockEncryptionAlgorithm, transport: KeyTransportAlgorithm) throws {
        let original = try envelope()
        let expected = try canonical(original)
        let body = original.root.children[1]
        let target = type == .element ? body.children[0] : body
        let encryptor = XMLEncryptor(algorithm: algorithm)
        let key = encryptor.generateKey()
        let encryptedData = try encryptor.encrypt(target, type: type, key: key, id: "ED-1")
        try XMLEncryptor.addEncryptedKey(
            key, transport: transport, recipient: TestKeys.rsa.publicKey,
            in: original.root.children[0].children[0], dataReferences: ["#ED-1"])
        #expect(encryptedData.attribute("Type") == type.rawValue)
        let wire = original.serialize()
        #expect(!String(decoding: wire, as: UTF8.self).contains("jdoe"))

        let received = try XMLDocument(parsing: wire)
        let index = try IDIndex(received)
        let encryptedKey = try EncryptedKeyElement(try #require(received.root.descendantsAndSelf.first { $0.is("EncryptedKey", xenc) }))
        #expect(encryptedKey.dataReferences == ["#ED-1"])
        let data = try EncryptedDataElement(try index.element(withID: "ED-1"))
        let decryptor = XMLDecryptor()
        let recovered = try decryptor.decryptKey(encryptedKey, privateKey: TestKeys.rsa, keyLength: data.algorithm.keyLength)
        let result = try decryptor.decrypt(data, key: recovered)
        #expect(result.type == type)
        #expect(result.elements.first?.localName == "hello")
        encryptedKey.element.remove()
        #expect(try canonical(received) == expected)
    }

    @Test func elementWithAES128CBCAndRSAOAEP() throws {
        try roundTrip(type: .element, algorithm: .aes128CBC, transport: .rsaOAEPSHA1)
    }

    @Test func contentWithAES256GCMAndRSAOAEPSHA256() throws {
        try roundTrip(type: .content, algorithm: .aes256GCM, transport: .rsaOAEPSHA256)
    }

    @Test func contentWithAES256CBC() throws {
        try roundTrip(type: .content, algorithm: .aes256CBC, transport: .rsaOAEPSHA1)
    }

    @Test func keyWrapRoundTrips() throws {
        let document = try envelope()
        let kek = SecureRandom.bytes(32), key = SecureRandom.bytes(16)
        let element = try XMLEncryptor.addEncryptedKey(key, transport: .aesKeyWrap(kekLength: 32), kek: kek, in: document.root)
        #expect(try XMLDecryptor().unwrapKey(try EncryptedKeyElement(element), kek: kek) == key)
        let error = try #require(throws: XMLSecurityError.self) {
            try XMLDecryptor().unwrapKey(try EncryptedKeyElement(element), kek: SecureRandom.bytes(32))
        }
        #expect(error == .decryptionFailed)
    }

    @Test func everyCorruptionGivesTheSameError() throws {
        let key = SecureRandom.bytes(16)
        var reasons = Set<String>()
        for corrupt in [{ (bytes: [UInt8]) in Array(bytes.dropLast(16)) }, { $0.map { $0 ^ 0x01 } }, { Array($0.prefix(20)) }] {
            let document = try envelope()
            let data = try XMLEncryptor(algorithm: .aes128CBC).encrypt(document.root.children[1], type: .content, key: key)
            let value = try #require(data.descendantsAndSelf.first { $0.localName == "CipherValue" })
            value.setText(Base64.encode(corrupt(try Base64.decode(value.text, what: "test"))))
            let error = try #require(throws: XMLSecurityError.self) { try XMLDecryptor().decrypt(try EncryptedDataElement(data), key: key) }
            #expect(error.code == .decryptionFailed)
            reasons.insert(error.reason)
        }
        #expect(reasons.count == 1)
    }

    @Test func decryptedContentIsHeldToTheDocumentLimits() throws {
        var limits = XMLParsingLimits()
        limits.maxDepth = 6
        let document = try XMLDocument(parsing: Array("<a><b><c/></b></a>".utf8), limits: limits)
        let key = SecureRandom.bytes(16)
        let target = document.root.children[0]
        let deep = String(repeating: "<x>", count: 8) + String(repeating: "</x>", count: 8)
        let deepDocument = try XMLDocument(parsing: Array("<b>\(deep)</b>".utf8))
        target.removeAllChildren()
        target.addCopy(of: deepDocument.root.children[0])
        let data = try XMLEncryptor(algorithm: .aes128GCM).encrypt(target, type: .content, key: key)
        let error = try #require(throws: XMLSecurityError.self) { try XMLDecryptor().decrypt(try EncryptedDataElement(data), key: key) }
        #expect(error.code == .policyViolation)
    }
}
