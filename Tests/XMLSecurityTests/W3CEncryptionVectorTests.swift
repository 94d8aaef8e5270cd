import Foundation
import Testing
import TesseraCrypto
import XMLCore
@testable import XMLSecurity

/// The W3C XML-Enc interop vectors decrypt to their `.data` files (compared canonically).
@Suite(.enabled(if: TestVectors.available, "the W3C vectors in ../shared/vectors are missing"))
struct W3CEncryptionVectorTests {
    /// The symmetric keys named in merlin-xmlenc-five/keys.xml.
    static let namedKeys: [String: [UInt8]] = [
        "jed": Array("abcdefghijklmnopqrstuvwxyz012345".utf8),
        "job": Array("abcdefghijklmnop".utf8),
        "jeb": Array("abcdefghijklmnopqrstuvwx".utf8),
    ]

    static let merlinRSA: PrivateKey = try! PrivateKey(
        pemRepresentation: String(decoding: try! TestVectors.bytes("merlin-xmlenc-five/rsapriv.pem"), as: UTF8.self))

    static func pkcs12Key(_ name: String) throws -> PrivateKey {
        try PrivateKey.fromPKCS12(try TestVectors.bytes("xmlenc11-interop-2012/\(name).p12"), password: "passwd").key
    }

    /// Decrypts every EncryptedData in the vector (resolving its key from KeyName or an inner
    /// EncryptedKey) and returns the plaintext document's canonical form.
    static func decryptAll(_ path: String, rsaKey: PrivateKey? = nil, symmetricKey: [UInt8]? = nil, policy: DecryptionPolicy = .default) throws -> [UInt8] {
        var document = try TestVectors.document(path)
        let decryptor = XMLDecryptor(policy: policy)
        while let element = document.root.descendantsAndSelf.first(where: { $0.is("EncryptedData", XMLSecurityNamespace.xenc) }) {
            let encryptedData = try EncryptedDataElement(element)
            let key = try symmetricKey ?? dataKey(for: encryptedData, rsaKey: rsaKey, decryptor: decryptor)
            if element == document.root {
                let plaintext = try decryptor.plaintext(of: encryptedData, key: key)
                guard encryptedData.type != nil else { return plaintext }
                document = try XMLDocument(parsing: plaintext)
            } else {
                try decryptor.decrypt(encryptedData, key: key)
            }
        }
        return try document.canonicalize(nil, method: .inclusive(withComments: false))
    }

    static func dataKey(for encryptedData: EncryptedDataElement, rsaKey: PrivateKey?, decryptor: XMLDecryptor) throws -> [UInt8] {
        let keyInfo = try KeyInfo(try #require(encryptedData.keyInfo))
        for item in keyInfo.items {
            switch item {
            case .keyName(let name):
                return try #require(namedKeys[name])
            case .encryptedKey(let element):
                let encryptedKey = try EncryptedKeyElement(element)
                if case .aesKeyWrap = encryptedKey.transport {
                    let kekInfo = try KeyInfo(try #require(encryptedKey.keyInfo))
                    guard case .keyName(let name) = try #require(kekInfo.items.first) else { continue }
                    return try decryptor.unwrapKey(encryptedKey, kek: try #require(namedKeys[name]))
                }
                return try decryptor.decryptKey(encryptedKey, privateKey: try #require(rsaKey), keyLength: encryptedData.algorithm.keyLength)
            default:
                continue
            }
        }
        throw XMLSecurityError(.keyUnavailable, "no usable key")
    }

    static func expected(_ path: String) throws -> [UInt8] {
        let document = try XMLDocument(parsing: TestVectors.withoutDoctype(try TestVectors.bytes(path)))
        return try document.canonicalize(nil, method: .inclusive(withComments: false))
    }

    static let symmetric = [
        "merlin-xmlenc-five/encrypt-content-aes256-cbc-prop",
        "merlin-xmlenc-five/encrypt-content-aes128-cbc-kw-aes192",
    ]

    static let octets = [
        "merlin-xmlenc-five/encrypt-data-aes128-cbc",
        "merlin-xmlenc-five/encrypt-data-aes192-cbc-kw-aes256",
    ]

    @Test("EncryptedData of arbitrary octets decrypts to the .data bytes", arguments: octets)
    func octetVector(_ name: String) throws {
        #expect(try Self.decryptAll(name + ".xml") == TestVectors.bytes(name + ".data"))
    }

    @Test func cipherReferenceIsNeverDereferenced() throws {
        let error = try #require(throws: XMLSecurityError.self) {
            try Self.decryptAll("merlin-xmlenc-five/encrypt-element-aes192-cbc-ref.xml")
        }
        #expect(error.code == .unsupportedReference)
    }

    @Test("AES-CBC and key-wrap vectors decrypt to their .data", arguments: symmetric)
    func symmetricVector(_ name: String) throws {
        #expect(try Self.decryptAll(name + ".xml") == Self.expected(name + ".data"))
    }

    static let rsaOAEP: [(String, String)] = [
        ("cipherText__RSA-2048__aes128-gcm__rsa-oaep-mgf1p", "RSA-2048_SHA256WithRSA"),
        ("cipherText__RSA-3072__aes192-gcm__rsa-oaep-mgf1p__Sha256", "RSA-3072_SHA256WithRSA"),
        ("cipherText__RSA-3072__aes256-gcm__rsa-oaep__Sha384-MGF_Sha1", "RSA-3072_SHA256WithRSA"),
        ("cipherText__RSA-4096__aes256-gcm__rsa-oaep__Sha512-MGF_Sha1_PSource", "RSA-4096_SHA256WithRSA"),
    ]

    @Test("XML-Enc 1.1 RSA-OAEP + AES-GCM vectors decrypt to their .data", arguments: rsaOAEP.indices)
    func rsaOAEPVector(_ index: Int) throws {
        let (name, keyName) = Self.rsaOAEP[index]
        let path = "xmlenc11-interop-2012/\(name)"
        #expect(try Self.decryptAll(path + ".xml", rsaKey: try Self.pkcs12Key(keyName)) == Self.expected(path + ".data"))
    }

    @Test func aesGCMVectorDecrypts() throws {
        let key = try TestVectors.bytes("xmlenc11-interop-2012/xenc11-example-AES128-GCM.key")
        let path = "xmlenc11-interop-2012/xenc11-example-AES128-GCM"
        #expect(try Self.decryptAll(path + ".xml", symmetricKey: key) == TestVectors.bytes(path + ".data"))
    }

    /// The merlin RSA vectors use a 1024-bit key.
    static let legacy: DecryptionPolicy = {
        var policy = DecryptionPolicy()
        policy.minimumRSAKeyBits = 1024
        return policy
    }()

    @Test func rsaV15KeyTransportIsRefusedByDefault() throws {
        let error = try #require(throws: XMLSecurityError.self) {
            try Self.decryptAll("merlin-xmlenc-five/encrypt-element-aes128-cbc-rsa-1_5.xml", rsaKey: Self.merlinRSA, policy: Self.legacy)
        }
        #expect(error.code == .unsupportedAlgorithm)
    }

    @Test func rsaV15KeyTransportDecryptsWhenExplicitlyEnabled() throws {
        var policy = Self.legacy
        policy._WEAK_allowRSA15KeyTransport = true
        let name = "merlin-xmlenc-five/encrypt-element-aes128-cbc-rsa-1_5"
        #expect(try Self.decryptAll(name + ".xml", rsaKey: Self.merlinRSA, policy: policy) == Self.expected(name + ".data"))
    }

    @Test func tripleDESIsRefused() throws {
        let error = try #require(throws: XMLSecurityError.self) {
            try Self.decryptAll("merlin-xmlenc-five/encrypt-content-tripledes-cbc.xml", symmetricKey: Array("abcdefghijklmnopqrstuvwx".utf8))
        }
        #expect(error.code == .unsupportedAlgorithm)
    }

    @Test func wrongKeyGivesTheOneGenericError() throws {
        let error = try #require(throws: XMLSecurityError.self) {
            try Self.decryptAll("merlin-xmlenc-five/encrypt-data-aes128-cbc.xml", symmetricKey: Array("ponmlkjihgfedcba".utf8))
        }
        #expect(error == XMLSecurityError.decryptionFailed)
        #expect(error.reason == XMLSecurityError.decryptionFailed.reason)
    }
}
