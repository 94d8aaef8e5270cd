import Foundation
import Testing
import TesseraCrypto
import XMLCore
@testable import XMLSecurity

/// The W3C XML-DSig interop vectors: what we support verifies, what we refuse fails with a
/// clear reason.
@Suite(.enabled(if: TestVectors.available, "the W3C vectors in ../shared/vectors are missing"))
struct W3CSignatureVectorTests {
    enum KeySource {
        case keyValue
        case secret(String)
        /// The KeyValue of another vector signed by the same key (the vector's own certificate
        /// is a 2002 encoding swift-certificates refuses to parse).
        case keyValueOf(String)
    }

    /// Old vectors use 1024-bit RSA keys and SHA-1; accept them here, and show below that the
    /// default refuses them.
    static let legacyPolicy: SignatureVerificationPolicy = {
        var policy = SignatureVerificationPolicy()
        policy.minimumRSAKeyBits = 1024
        policy._WEAK_allowSHA1PublicKeySignatures = true
        return policy
    }()

    static func verify(_ path: String, key source: KeySource, policy: SignatureVerificationPolicy = legacyPolicy) throws -> VerifiedSignature {
        let document = try TestVectors.document(path)
        let signature = try #require(document.root.descendantsAndSelf.first { $0.is("Signature", XMLSecurityNamespace.ds) })
        let key: VerificationKey
        switch source {
        case .keyValue:
            var keyInfo = try KeyInfo(try #require(signature.firstChild("KeyInfo", XMLSecurityNamespace.ds)))
            if case .keyInfoReference(let uri) = keyInfo.items.first {
                keyInfo = try KeyInfo(try IDIndex(document).element(withID: String(uri.dropFirst())))
            }
            key = .publicKey(try #require(keyInfo.keyValue))
        case .secret(let secret):
            key = .secret(Array(secret.utf8))
        case .keyValueOf(let otherPath):
            let other = try TestVectors.document(otherPath)
            let keyInfo = try #require(other.root.firstChild("KeyInfo", XMLSecurityNamespace.ds))
            key = .publicKey(try #require(try KeyInfo(keyInfo).keyValue))
        }
        return try SignatureVerifier(policy: policy).verify(signature, key: key, index: try IDIndex(document))
    }

    static let verifying: [(String, KeySource)] =
        [
            ("merlin-xmldsig-twenty-three/signature-enveloping-rsa.xml", .keyValue),
            ("xmldsig11-interop-2012/signature-enveloping-rsa-sha224.xml", .keyValue),
            ("xmldsig11-interop-2012/signature-enveloping-rsa-sha256.xml", .keyValue),
            ("xmldsig11-interop-2012/signature-enveloping-rsa_sha384.xml", .keyValue),
            ("xmldsig11-interop-2012/signature-enveloping-rsa_sha512.xml", .keyValue),
            ("xmldsig11-interop-2012/signature-enveloping-sha224-rsa_sha256.xml", .keyValue),
            ("xmldsig11-interop-2012/signature-enveloping-sha256-rsa-sha256.xml", .keyValue),
            ("xmldsig11-interop-2012/signature-enveloping-sha384-rsa_sha256.xml", .keyValue),
            ("xmldsig11-interop-2012/signature-enveloping-sha512-rsa_sha256.xml", .keyValue),
            ("xmldsig11-interop-2012/signature-enveloping-keyinforeference-rsa.xml", .keyValue),
            ("xmldsig11-interop-2012/signature-enveloping-x509digest-rsa.xml", .keyValueOf("xmldsig11-interop-2012/signature-enveloping-rsa-sha256.xml")),
            ("xmldsig11-interop-2012/signature-enveloping-derencoded-ec.xml", .keyValue),
            ("xmldsig11-interop-2012/signature-enveloping-derencoded-rsa.xml", .keyValue),
        ]
        + ["p256", "p384", "p521"].flatMap { curve in
            ["sha1", "sha224", "sha256", "sha384", "sha512"].map { digest in
                ("xmldsig11-interop-2012/signature-enveloping-\(curve)_\(digest).xml", KeySource.keyValue)
            }
        }

    @Test("supported vectors verify", arguments: verifying.indices)
    func supportedVectorVerifies(_ index: Int) throws {
        let (path, key) = Self.verifying[index]
        let verified = try Self.verify(path, key: key)
        #expect(!verified.references.isEmpty, "\(path)")
        // Enveloping signatures cover their ds:Object.
        let object = try #require(verified.signedElements.first)
        #expect(object.isDescendant(of: verified.element), "\(path)")
    }

    /// The HMAC vectors are keyed with "secret" and "testkey": shorter than the 128-bit floor
    /// (WS-SecurityPolicy 1.2 §6.1), so they are refused as weak whatever the policy says.
    static let refused: [(String, KeySource, XMLSecurityError.Code)] = [
        ("merlin-xmldsig-twenty-three/signature-enveloping-hmac-sha1.xml", .secret("secret"), .weakKey),
        ("xmldsig11-interop-2012/signature-enveloping-hmac-sha1-truncated160.xml", .secret("testkey"), .weakKey),
        ("xmldsig11-interop-2012/signature-enveloping-hmac-sha224.xml", .secret("testkey"), .weakKey),
        ("xmldsig11-interop-2012/signature-enveloping-hmac-sha256.xml", .secret("testkey"), .weakKey),
        ("xmldsig11-interop-2012/signature-enveloping-hmac-sha384.xml", .secret("testkey"), .weakKey),
        ("xmldsig11-interop-2012/signature-enveloping-hmac-sha512.xml", .secret("testkey"), .weakKey),
        ("merlin-xmldsig-twenty-three/signature-enveloping-hmac-sha1-40.xml", .secret("secret"), .unsupportedAlgorithm),
        ("xmldsig11-interop-2012/signature-enveloping-hmac-sha1-truncated40.xml", .secret("testkey"), .unsupportedAlgorithm),
        ("merlin-xmldsig-twenty-three/signature-enveloping-dsa.xml", .keyValue, .unsupportedAlgorithm),
        ("merlin-xmldsig-twenty-three/signature-enveloped-dsa.xml", .keyValue, .unsupportedAlgorithm),
        ("merlin-xmldsig-twenty-three/signature-external-dsa.xml", .keyValue, .unsupportedAlgorithm),
        ("merlin-exc-c14n-one/exc-signature.xml", .keyValue, .unsupportedAlgorithm),
    ]

    @Test("out-of-scope and unsafe vectors are refused with a reason", arguments: refused.indices)
    func refusedVector(_ index: Int) throws {
        let (path, key, code) = Self.refused[index]
        let error = try #require(throws: XMLSecurityError.self) { try Self.verify(path, key: key) }
        #expect(error.code == code, "\(path): \(error)")
    }

    @Test func x509DigestNamesTheCertificate() throws {
        let document = try TestVectors.document("xmldsig11-interop-2012/signature-enveloping-x509digest-rsa.xml")
        let keyInfo = try KeyInfo(try #require(document.root.firstChild("KeyInfo", XMLSecurityNamespace.ds)))
        let digest = try #require(keyInfo.x509Data?.digests.first)
        #expect(digest.method == .sha256)
        #expect(digest.value == DigestAlgorithm.sha256.hash(try TestVectors.bytes("xmldsig11-interop-2012/keys/rsa-key.crt")))
    }

    @Test func defaultPolicyRefusesA1024BitRSAKey() throws {
        // The vector's references use SHA-1 digests, a separate exception.
        var policy = SignatureVerificationPolicy.default
        policy._WEAK_allowSHA1PublicKeySignatures = true
        let error = try #require(throws: XMLSecurityError.self) {
            try Self.verify("xmldsig11-interop-2012/signature-enveloping-rsa-sha256.xml", key: .keyValue, policy: policy)
        }
        #expect(error.code == .weakKey)
    }

    @Test func defaultPolicyRefusesRSASHA1() throws {
        var policy = Self.legacyPolicy
        policy._WEAK_allowSHA1PublicKeySignatures = false
        let error = try #require(throws: XMLSecurityError.self) {
            try Self.verify("merlin-xmldsig-twenty-three/signature-enveloping-rsa.xml", key: .keyValue, policy: policy)
        }
        #expect(error.code == .unsupportedAlgorithm)
    }

    @Test func wrongHMACKeyFails() throws {
        let error = try #require(throws: XMLSecurityError.self) {
            try Self.verify("xmldsig11-interop-2012/signature-enveloping-hmac-sha256.xml", key: .secret("a wrong key of 128 bits or more"))
        }
        #expect(error.code == .invalidSignature)
    }
}
