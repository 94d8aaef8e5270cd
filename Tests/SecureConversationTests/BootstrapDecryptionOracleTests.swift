import Foundation
import SOAP
import SecureConversation
import TesseraCrypto
import Testing
import WSSecurity
import WSTrust
import XMLCore
import XMLSecurity

/// A captured bootstrap request, sent again with altered ciphertext, must teach nothing: every
/// failure gets the same fault, and each EncryptedKey is accepted once.
@Suite struct BootstrapDecryptionOracleTests {
    static let xenc = XMLSecurityNamespace.xenc

    static func service() -> SecureConversationService {
        Fixtures.helloService(Fixtures.serviceConfiguration())
    }

    /// The CipherValue of the request's header EncryptedKey and of its Body's EncryptedData.
    static func cipherValues(_ envelope: SOAPEnvelope) throws -> (key: XMLElement, data: XMLElement) {
        let all = envelope.document.root.descendantsAndSelf
        let encryptedKey = try #require(all.first { $0.is("EncryptedKey", xenc) })
        let encryptedData = try #require(envelope.body.descendantsAndSelf.first { $0.is("EncryptedData", xenc) })
        func value(_ element: XMLElement) throws -> XMLElement {
            try #require(element.firstChild("CipherData", xenc)?.firstChild("CipherValue", xenc))
        }
        return (try value(encryptedKey), try value(encryptedData))
    }

    /// The AES key the request's EncryptedKey carries (the test holds the service's key).
    static func bodyKey(_ envelope: SOAPEnvelope) throws -> [UInt8] {
        let encryptedKey = try #require(envelope.document.root.descendantsAndSelf.first { $0.is("EncryptedKey", xenc) })
        return try XMLDecryptor().decryptKey(try EncryptedKeyElement(encryptedKey), privateKey: Fixtures.service.privateKey, keyLength: 32)
    }

    static func request() throws -> SOAPEnvelope {
        try BootstrapPolicyTests.rst(signedBy: Fixtures.gateway, encryptFor: Fixtures.service.certificate)
    }

    /// XML-Enc 1.1 §5.2.1: a last plaintext byte outside 1…16 is a padding failure; a well-formed
    /// plaintext that is not what was signed fails later. Both are answered byte for byte alike.
    @Test func aPaddingFailureAndALaterFailureGetTheSameFault() async throws {
        let service = Self.service()

        let badPadding = try Self.request()
        let key = try Self.bodyKey(badPadding)
        // Three blocks of 'A' and padding, the last block dropped: the plaintext ends in 0x41.
        let truncated = Array(try AESCBC.encrypt([UInt8](repeating: 0x41, count: 40), key: key).dropLast(AESCBC.blockByteCount))
        try Self.cipherValues(badPadding).data.setText(Data(truncated).base64EncodedString())

        let laterFailure = try Self.request()
        let otherKey = try Self.bodyKey(laterFailure)
        let wellFormed = Array(#"<wst:RequestSecurityToken xmlns:wst="\#(WSTrustVersion.v13.namespace)"/>"#.utf8)
        try Self.cipherValues(laterFailure).data.setText(Data(try AESCBC.encrypt(wellFormed, key: otherKey)).base64EncodedString())

        let first = await service.handle(try SOAPEnvelope(parsing: badPadding.serialize()))
        let second = await service.handle(try SOAPEnvelope(parsing: laterFailure.serialize()))
        #expect(first.fault?.subcode == QName(WSSNamespace.secext, "FailedCheck"))
        #expect(first.serialize() == second.serialize())
    }

    /// The same EncryptedKey in a second, freshly signed request is refused.
    @Test func aReplayedEncryptedKeyIsRefused() async throws {
        let service = Self.service()
        let original = try Self.request()
        let originalKey = try Self.bodyKey(original)
        let originalCipher = try Self.cipherValues(original).key.trimmedText
        #expect(await service.handle(try SOAPEnvelope(parsing: original.serialize())).fault == nil)

        // A new request by the same signer, its Body re-encrypted under the first request's key
        // and its EncryptedKey carrying the first request's CipherValue.
        let replay = try Self.request()
        let values = try Self.cipherValues(replay)
        let plaintext = try AESCBC.decrypt([UInt8](try #require(Data(base64Encoded: values.data.trimmedText))), key: try Self.bodyKey(replay))
        values.data.setText(Data(try AESCBC.encrypt(plaintext, key: originalKey)).base64EncodedString())
        values.key.setText(originalCipher)

        let response = await service.handle(try SOAPEnvelope(parsing: replay.serialize()))
        #expect(response.fault?.subcode == QName(WSSNamespace.secext, "FailedCheck"))
    }
}
