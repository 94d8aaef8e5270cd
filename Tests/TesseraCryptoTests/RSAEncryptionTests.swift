import Foundation
import Testing
import TesseraCrypto

@Suite struct RSAEncryptionTests {
    static let combinations: [(DigestAlgorithm, DigestAlgorithm)] = [(.sha1, .sha1), (.sha256, .sha1), (.sha256, .sha256)]
    static let contentKey = [UInt8](0..<32)

    @Test(arguments: combinations)
    func oaepRoundTrip(digest: DigestAlgorithm, mgf1: DigestAlgorithm) throws {
        let key = TestKeys.rsa2048
        for label in [nil, [UInt8](), Array("dummy123".utf8)] {
            let ciphertext = try key.publicKey.encryptOAEP(Self.contentKey, digest: digest, mgf1: mgf1, label: label)
            #expect(ciphertext.count == 256)
            #expect(try key.decryptOAEP(ciphertext, digest: digest, mgf1: mgf1, label: label) == Self.contentKey)
        }
    }

    @Test func oaepIsRandomized() throws {
        let publicKey = TestKeys.rsa2048.publicKey
        let a = try publicKey.encryptOAEP(Self.contentKey, digest: .sha1, mgf1: .sha1, label: nil)
        let b = try publicKey.encryptOAEP(Self.contentKey, digest: .sha1, mgf1: .sha1, label: nil)
        #expect(a != b)
    }

    @Test func oaepMismatchesAllFailTheSameWay() throws {
        let key = TestKeys.rsa2048
        let ciphertext = try key.publicKey.encryptOAEP(Self.contentKey, digest: .sha256, mgf1: .sha1, label: nil)
        var tampered = ciphertext
        tampered[10] ^= 0x40
        let other = try PrivateKey.generateRSA()
        let failures: [() throws -> [UInt8]] = [
            { try key.decryptOAEP(ciphertext, digest: .sha256, mgf1: .sha256, label: nil) },  // wrong MGF1 digest
            { try key.decryptOAEP(ciphertext, digest: .sha1, mgf1: .sha1, label: nil) },  // wrong OAEP digest
            { try key.decryptOAEP(ciphertext, digest: .sha256, mgf1: .sha1, label: [1]) },  // wrong label
            { try key.decryptOAEP(tampered, digest: .sha256, mgf1: .sha1, label: nil) },
            // Truncated at the end (dropping the first byte would leave the same integer whenever it is 0x00, 1 run in 256).
            { try key.decryptOAEP(Array(ciphertext.dropLast()), digest: .sha256, mgf1: .sha1, label: nil) },
            { try key.decryptOAEP([], digest: .sha256, mgf1: .sha1, label: nil) },
            { try other.decryptOAEP(ciphertext, digest: .sha256, mgf1: .sha1, label: nil) },
            { try TestKeys.p256.decryptOAEP(ciphertext, digest: .sha256, mgf1: .sha1, label: nil) },
        ]
        var reasons = Set<String>()
        for failure in failures {
            do {
                _ = try failure()
                Issue.record("decryption unexpectedly succeeded")
            } catch let error as CryptoError {
                #expect(error.code == .decryptionFailed)
                reasons.insert(error.reason)
            }
        }
        #expect(reasons.count == 1)
    }

    @Test func oaepRefusesOverlongPlaintext() {
        // 2048-bit key, SHA-256 OAEP: at most 256 - 2*32 - 2 = 190 bytes.
        #expect(throws: CryptoError.self) {
            try TestKeys.rsa2048.publicKey.encryptOAEP([UInt8](repeating: 7, count: 191), digest: .sha256, mgf1: .sha256, label: nil)
        }
        #expect(throws: Never.self) {
            try TestKeys.rsa2048.publicKey.encryptOAEP([UInt8](repeating: 7, count: 190), digest: .sha256, mgf1: .sha256, label: nil)
        }
    }

    static func oaepOptions(digest: DigestAlgorithm, mgf1: DigestAlgorithm) -> [String] {
        [
            "-pkeyopt", "rsa_padding_mode:oaep", "-pkeyopt", "rsa_oaep_md:\(digest.openSSLName)",
            "-pkeyopt", "rsa_mgf1_md:\(mgf1.openSSLName)",
        ]
    }

    /// Independent check against `openssl pkeyutl`, both directions.
    @Test(.enabled(if: TestSupport.openSSLPresent, "needs /usr/bin/openssl"), arguments: combinations)
    func oaepInteroperatesWithOpenSSLCommandLine(digest: DigestAlgorithm, mgf1: DigestAlgorithm) async throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { TestSupport.removeDirectory(directory) }
        let key = TestKeys.rsa2048
        let publicKeyFile = directory.appendingPathComponent("public.der")
        let privateKeyFile = directory.appendingPathComponent("private.pem")
        let plainFile = directory.appendingPathComponent("plain")
        let cipherFile = directory.appendingPathComponent("cipher")
        let outFile = directory.appendingPathComponent("out")
        try TestSupport.write(key.publicKey.subjectPublicKeyInfoDER, to: publicKeyFile)
        try TestSupport.write(key.pkcs8PEMRepresentation, to: privateKeyFile)
        let options = Self.oaepOptions(digest: digest, mgf1: mgf1)

        // openssl encrypts, we decrypt.
        try TestSupport.write(Self.contentKey, to: plainFile)
        let encrypted = try await TestSupport.openSSL(
            ["pkeyutl", "-encrypt", "-pubin", "-keyform", "DER", "-inkey", publicKeyFile.path] + options
                + ["-in", plainFile.path, "-out", cipherFile.path])
        try #require(encrypted.status == 0, "\(encrypted.errorOutput)")
        let fromOpenSSL = try TestSupport.read(cipherFile)
        #expect(try key.decryptOAEP(fromOpenSSL, digest: digest, mgf1: mgf1, label: nil) == Self.contentKey)

        // We encrypt (with a label), openssl decrypts.
        let label = Array("dummy123".utf8)
        try TestSupport.write(try key.publicKey.encryptOAEP(Self.contentKey, digest: digest, mgf1: mgf1, label: label), to: cipherFile)
        let decrypted = try await TestSupport.openSSL(
            ["pkeyutl", "-decrypt", "-inkey", privateKeyFile.path] + options
                + ["-pkeyopt", "rsa_oaep_label:\(TestSupport.hex(label))", "-in", cipherFile.path, "-out", outFile.path])
        try #require(decrypted.status == 0, "\(decrypted.errorOutput)")
        #expect(try TestSupport.read(outFile) == Self.contentKey)
    }

    @Test func pkcs1v15RoundTripAndFailureIsNil() throws {
        let key = TestKeys.rsa2048
        let ciphertext = try key.publicKey.encryptPKCS1v15(Self.contentKey)
        #expect(key._WEAK_decryptPKCS1v15(ciphertext) == Self.contentKey)
        var tampered = ciphertext
        tampered[0] ^= 0x01
        let result = key._WEAK_decryptPKCS1v15(tampered)
        #expect(result != Self.contentKey)
        #expect(key._WEAK_decryptPKCS1v15([]) == nil)
        #expect(key._WEAK_decryptPKCS1v15([UInt8](repeating: 0xff, count: 256)) == nil)  // larger than the modulus
        #expect(TestKeys.p256._WEAK_decryptPKCS1v15(ciphertext) == nil)
    }

    /// Independent check: a PKCS#1 v1.5 ciphertext made by `openssl pkeyutl`.
    @Test(.enabled(if: TestSupport.openSSLPresent, "needs /usr/bin/openssl"))
    func pkcs1v15DecryptsOpenSSLCiphertext() async throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { TestSupport.removeDirectory(directory) }
        let key = TestKeys.rsa2048
        let publicKeyFile = directory.appendingPathComponent("public.der")
        let plainFile = directory.appendingPathComponent("plain")
        let cipherFile = directory.appendingPathComponent("cipher")
        try TestSupport.write(key.publicKey.subjectPublicKeyInfoDER, to: publicKeyFile)
        try TestSupport.write(Self.contentKey, to: plainFile)
        let result = try await TestSupport.openSSL(
            [
                "pkeyutl", "-encrypt", "-pubin", "-keyform", "DER", "-inkey", publicKeyFile.path,
                "-pkeyopt", "rsa_padding_mode:pkcs1", "-in", plainFile.path, "-out", cipherFile.path,
            ])
        try #require(result.status == 0, "\(result.errorOutput)")
        #expect(key._WEAK_decryptPKCS1v15(try TestSupport.read(cipherFile)) == Self.contentKey)
    }
}
