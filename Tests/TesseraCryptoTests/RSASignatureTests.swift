import Foundation
import Testing
import TesseraCrypto

@Suite struct RSASignatureTests {
    static let cases: [(DigestAlgorithm, RSASignaturePadding)] = [
        (.sha1, .pkcs1v15), (.sha256, .pkcs1v15), (.sha512, .pkcs1v15),
        (.sha1, .pss), (.sha256, .pss), (.sha512, .pss),
    ]
    static let message = Array("<ds:SignedInfo>the bytes that get signed</ds:SignedInfo>".utf8)

    @Test(arguments: cases)
    func roundTrip(digest: DigestAlgorithm, padding: RSASignaturePadding) throws {
        let key = TestKeys.rsa2048
        let signature = try key.signRSA(Self.message, digest: digest, padding: padding)
        #expect(signature.count == 256)
        #expect(key.publicKey.isValidRSASignature(signature, for: Self.message, digest: digest, padding: padding))

        var tamperedMessage = Self.message
        tamperedMessage[3] ^= 0x01
        #expect(!key.publicKey.isValidRSASignature(signature, for: tamperedMessage, digest: digest, padding: padding))
        var tamperedSignature = signature
        tamperedSignature[100] ^= 0x01
        #expect(!key.publicKey.isValidRSASignature(tamperedSignature, for: Self.message, digest: digest, padding: padding))
        #expect(!key.publicKey.isValidRSASignature(Array(signature.dropLast()), for: Self.message, digest: digest, padding: padding))
        let otherPadding: RSASignaturePadding = padding == .pss ? .pkcs1v15 : .pss
        #expect(!key.publicKey.isValidRSASignature(signature, for: Self.message, digest: digest, padding: otherPadding))
        let otherDigest: DigestAlgorithm = digest == .sha256 ? .sha512 : .sha256
        #expect(!key.publicKey.isValidRSASignature(signature, for: Self.message, digest: otherDigest, padding: padding))
    }

    @Test func wrongKeyDoesNotVerify() throws {
        let other = try PrivateKey.generateRSA()
        let signature = try other.signRSA(Self.message, digest: .sha256, padding: .pkcs1v15)
        #expect(!TestKeys.rsa2048.publicKey.isValidRSASignature(signature, for: Self.message, digest: .sha256, padding: .pkcs1v15))
    }

    @Test func ecKeysRefuseRSA() {
        #expect(throws: CryptoError.self) { try TestKeys.p256.signRSA(Self.message, digest: .sha256, padding: .pkcs1v15) }
        do {
            _ = try TestKeys.p256.signRSA(Self.message, digest: .sha256, padding: .pkcs1v15)
        } catch let error as CryptoError {
            #expect(error.code == .unsupportedKeyType)
        } catch {
            Issue.record("unexpected error \(error)")
        }
        #expect(!TestKeys.p256.publicKey.isValidRSASignature([UInt8](repeating: 1, count: 64), for: Self.message, digest: .sha256, padding: .pkcs1v15))
    }

    static func openSSLSignatureOptions(_ padding: RSASignaturePadding) -> [String] {
        switch padding {
        case .pkcs1v15: ["-sigopt", "rsa_padding_mode:pkcs1"]
        case .pss: ["-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:digest"]
        }
    }

    /// PSS verification insists on salt length = digest length (the XML-DSig 1.1 default); a
    /// signature with openssl's maximum salt length is refused, and openssl's digest-length one accepted.
    @Test(.enabled(if: TestSupport.openSSLPresent, "needs /usr/bin/openssl"))
    func pssRequiresDigestLengthSalt() async throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { TestSupport.removeDirectory(directory) }
        let key = TestKeys.rsa2048
        let messageFile = directory.appendingPathComponent("message")
        let privateKeyFile = directory.appendingPathComponent("private.pem")
        try TestSupport.write(Self.message, to: messageFile)
        try TestSupport.write(key.pkcs8PEMRepresentation, to: privateKeyFile)
        for (saltLength, accepted) in [("max", false), ("digest", true)] {
            let signatureFile = directory.appendingPathComponent("signature-\(saltLength)")
            let result = try await TestSupport.openSSL(
                [
                    "dgst", "-sha256", "-sign", privateKeyFile.path, "-sigopt", "rsa_padding_mode:pss",
                    "-sigopt", "rsa_pss_saltlen:\(saltLength)", "-out", signatureFile.path, messageFile.path,
                ])
            try #require(result.status == 0, "\(result.errorOutput)")
            let signature = try TestSupport.read(signatureFile)
            #expect(key.publicKey.isValidRSASignature(signature, for: Self.message, digest: .sha256, padding: .pss) == accepted, "salt \(saltLength)")
        }
    }

    /// Independent check: the openssl command-line tool verifies our signature.
    @Test(.enabled(if: TestSupport.openSSLPresent, "needs /usr/bin/openssl"), arguments: cases)
    func openSSLVerifiesOurSignature(digest: DigestAlgorithm, padding: RSASignaturePadding) async throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { TestSupport.removeDirectory(directory) }
        let key = TestKeys.rsa2048
        let messageFile = directory.appendingPathComponent("message")
        let signatureFile = directory.appendingPathComponent("signature")
        let publicKeyFile = directory.appendingPathComponent("public.der")
        try TestSupport.write(Self.message, to: messageFile)
        try TestSupport.write(try key.signRSA(Self.message, digest: digest, padding: padding), to: signatureFile)
        try TestSupport.write(key.publicKey.subjectPublicKeyInfoDER, to: publicKeyFile)

        let result = try await TestSupport.openSSL(
            ["dgst", "-\(digest.openSSLName)", "-verify", publicKeyFile.path, "-keyform", "DER"]
                + Self.openSSLSignatureOptions(padding) + ["-signature", signatureFile.path, messageFile.path])
        #expect(result.status == 0, "\(result.errorOutput)")
        #expect(String(decoding: result.output, as: UTF8.self).contains("Verified OK"))

        // And openssl rejects it for a different message, so the check above can fail.
        try TestSupport.write(Self.message + [0x20], to: messageFile)
        let tampered = try await TestSupport.openSSL(
            ["dgst", "-\(digest.openSSLName)", "-verify", publicKeyFile.path, "-keyform", "DER"]
                + Self.openSSLSignatureOptions(padding) + ["-signature", signatureFile.path, messageFile.path])
        #expect(tampered.status != 0)
    }

    /// Independent check: we verify a signature made by the openssl command-line tool.
    @Test(.enabled(if: TestSupport.openSSLPresent, "needs /usr/bin/openssl"), arguments: cases)
    func weVerifyOpenSSLSignature(digest: DigestAlgorithm, padding: RSASignaturePadding) async throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { TestSupport.removeDirectory(directory) }
        let key = TestKeys.rsa2048
        let messageFile = directory.appendingPathComponent("message")
        let signatureFile = directory.appendingPathComponent("signature")
        let privateKeyFile = directory.appendingPathComponent("private.pem")
        try TestSupport.write(Self.message, to: messageFile)
        try TestSupport.write(key.pkcs8PEMRepresentation, to: privateKeyFile)

        let result = try await TestSupport.openSSL(
            ["dgst", "-\(digest.openSSLName)", "-sign", privateKeyFile.path] + Self.openSSLSignatureOptions(padding)
                + ["-out", signatureFile.path, messageFile.path])
        try #require(result.status == 0, "\(result.errorOutput)")
        let signature = try TestSupport.read(signatureFile)
        #expect(key.publicKey.isValidRSASignature(signature, for: Self.message, digest: digest, padding: padding))
        #expect(!key.publicKey.isValidRSASignature(signature, for: Self.message + [0x20], digest: digest, padding: padding))
    }
}
