import Foundation
import Testing
import TesseraCrypto

/// Decrypts W3C XML-Enc interop vectors made by other implementations: the RSA key transport
/// (OAEP with several digest/MGF/label combinations, PKCS#1 v1.5) and the content encryption
/// (AES-GCM, AES-CBC) are checked end to end against the published plaintexts.
///
/// The `CipherValue`s are pulled out with a regular expression (first = EncryptedKey, second =
/// EncryptedData); XML processing is not what is under test here.
// The vectors live outside the repository; without them the suite is reported as skipped with
// this reason, never as passed.
@Suite(.enabled(if: TestSupport.vectorsPresent, "the W3C interop vectors are missing"))
struct XMLEncVectorTests {
    struct GCMVector: Sendable, CustomTestStringConvertible {
        var name: String
        var keyFile: String
        var digest: DigestAlgorithm
        var mgf1: DigestAlgorithm
        var label: [UInt8]?
        var keyLength: Int
        var testDescription: String { name }
    }

    static let gcmVectors: [GCMVector] = [
        GCMVector(
            name: "cipherText__RSA-2048__aes128-gcm__rsa-oaep-mgf1p", keyFile: "RSA-2048_SHA256WithRSA.p12",
            digest: .sha1, mgf1: .sha1, label: nil, keyLength: 16),
        GCMVector(
            name: "cipherText__RSA-3072__aes256-gcm__rsa-oaep__Sha384-MGF_Sha1", keyFile: "RSA-3072_SHA256WithRSA.p12",
            digest: .sha384, mgf1: .sha1, label: nil, keyLength: 32),
        GCMVector(
            name: "cipherText__RSA-4096__aes256-gcm__rsa-oaep__Sha512-MGF_Sha1_PSource", keyFile: "RSA-4096_SHA256WithRSA.p12",
            digest: .sha512, mgf1: .sha1, label: Array("dummy123".utf8), keyLength: 32),  // OAEPparams ZHVtbXkxMjM=
    ]

    /// The plaintexts write empty elements as `<x></x>` or `<x />`; the .data files as `<x/>`.
    static func emptyElementsShortened(_ xml: String) -> String {
        xml.replacingOccurrences(of: #"<(\w+)([^<>]*)></\1>"#, with: "<$1$2/>", options: .regularExpression)
            .replacingOccurrences(of: " />", with: "/>")
    }

    @Test(arguments: gcmVectors)
    func xmlEnc11OAEPAndGCM(_ vector: GCMVector) throws {
        let folder = "xmlenc11-interop-2012/"
        let (key, _) = try PrivateKey.fromPKCS12(try TestSupport.vector(folder + vector.keyFile), password: "passwd")
        let values = TestSupport.cipherValues(in: try TestSupport.vectorText(folder + vector.name + ".xml"))
        try #require(values.count == 2)

        let contentKey = try key.decryptOAEP(values[0], digest: vector.digest, mgf1: vector.mgf1, label: vector.label)
        #expect(contentKey.count == vector.keyLength)
        let plaintext = try AESGCM.decrypt(values[1], key: contentKey)
        let expected = try TestSupport.vectorText(folder + vector.name + ".data")
        let decrypted = Self.emptyElementsShortened(String(decoding: plaintext, as: UTF8.self))
        #expect(decrypted.hasPrefix("<PurchaseOrder"))
        #expect(expected.contains(decrypted))

        // A wrong OAEP parameter must fail, and fail as decryptionFailed.
        #expect(throws: CryptoError.self) {
            try key.decryptOAEP(values[0], digest: vector.digest, mgf1: .sha256, label: vector.label)
        }
    }

    /// XML-Enc 1.1 example: a bare AES-128-GCM EncryptedData with the key in a separate file.
    @Test func xmlEnc11AES128GCMExample() throws {
        let folder = "xmlenc11-interop-2012/"
        let key = try TestSupport.vector(folder + "xenc11-example-AES128-GCM.key")
        #expect(key.count == 16)
        let values = TestSupport.cipherValues(in: try TestSupport.vectorText(folder + "xenc11-example-AES128-GCM.xml"))
        try #require(values.count == 1)
        #expect(try AESGCM.decrypt(values[0], key: key) == TestSupport.vector(folder + "xenc11-example-AES128-GCM.data"))
    }

    @Test func merlinRSA15AndAES128CBC() throws {
        let folder = "merlin-xmlenc-five/"
        let key = try PrivateKey(pemRepresentation: try TestSupport.vectorText(folder + "rsapriv.pem"), password: "secret")
        let values = TestSupport.cipherValues(in: try TestSupport.vectorText(folder + "encrypt-element-aes128-cbc-rsa-1_5.xml"))
        try #require(values.count == 2)

        let contentKey = try #require(key._WEAK_decryptPKCS1v15(values[0]))
        #expect(contentKey.count == 16)
        let plaintext = try AESCBC.decrypt(values[1], key: contentKey)
        let decrypted = Self.emptyElementsShortened(String(decoding: plaintext, as: UTF8.self))
        let expected = try TestSupport.vectorText(folder + "encrypt-element-aes128-cbc-rsa-1_5.data")
        #expect(decrypted.hasPrefix("<PaymentInfo"))
        #expect(expected.contains(decrypted))
    }

    @Test func merlinOAEPKeyTransport() throws {
        let folder = "merlin-xmlenc-five/"
        let key = try PrivateKey(pemRepresentation: try TestSupport.vectorText(folder + "rsapriv.pem"))
        let values = TestSupport.cipherValues(in: try TestSupport.vectorText(folder + "encrypt-data-tripledes-cbc-rsa-oaep-mgf1p.xml"))
        try #require(values.count == 2)
        // A triple-DES key: 24 bytes.
        #expect(try key.decryptOAEP(values[0], digest: .sha1, mgf1: .sha1, label: nil).count == 24)
    }
}
