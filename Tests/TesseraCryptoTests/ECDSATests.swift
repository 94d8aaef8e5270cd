import Foundation
import Testing
import TesseraCrypto

@Suite struct ECDSATests {
    static let message = Array("<ds:SignedInfo>ecdsa</ds:SignedInfo>".utf8)

    static func key(_ curve: ECCurve) -> PrivateKey {
        switch curve {
        case .p256: TestKeys.p256
        case .p384: TestKeys.p384
        case .p521: TestKeys.p521
        }
    }

    @Test(arguments: [ECCurve.p256, .p384, .p521], [DigestAlgorithm.sha1, .sha224, .sha256, .sha384, .sha512])
    func rawSignatureRoundTrip(curve: ECCurve, digest: DigestAlgorithm) throws {
        let key = Self.key(curve)
        #expect(key.keyType == .ec(curve))
        let signature = try key.signECDSA(Self.message, digest: digest)
        #expect(signature.count == 2 * curve.coordinateByteCount)
        #expect(key.publicKey.isValidECDSASignature(signature, for: Self.message, digest: digest))

        #expect(!key.publicKey.isValidECDSASignature(signature, for: Self.message + [0], digest: digest))
        var tampered = signature
        tampered[tampered.count - 1] ^= 0x01
        #expect(!key.publicKey.isValidECDSASignature(tampered, for: Self.message, digest: digest))
        #expect(!key.publicKey.isValidECDSASignature(Array(signature.dropLast()), for: Self.message, digest: digest))
        #expect(!key.publicKey.isValidECDSASignature(signature, for: Self.message, digest: digest == .sha256 ? .sha384 : .sha256))
    }

    @Test func otherKeyAndRSAKeyDoNotVerify() throws {
        let signature = try TestKeys.p256.signECDSA(Self.message, digest: .sha256)
        #expect(!PrivateKey.generateEC(.p256).publicKey.isValidECDSASignature(signature, for: Self.message, digest: .sha256))
        #expect(!TestKeys.rsa2048.publicKey.isValidECDSASignature(signature, for: Self.message, digest: .sha256))
        #expect(throws: CryptoError.self) { try TestKeys.rsa2048.signECDSA(Self.message, digest: .sha256) }
    }

    @Test(arguments: [ECCurve.p256, .p384, .p521])
    func x962PointRoundTrip(curve: ECCurve) throws {
        let publicKey = Self.key(curve).publicKey
        let point = try #require(publicKey.x962Point)
        #expect(point.count == 1 + 2 * curve.coordinateByteCount)
        #expect(point.first == 0x04)
        let rebuilt = try PublicKey.ec(curve: curve, x962Point: point)
        #expect(rebuilt.subjectPublicKeyInfoDER == publicKey.subjectPublicKeyInfoDER)
        let signature = try Self.key(curve).signECDSA(Self.message, digest: .sha256)
        #expect(rebuilt.isValidECDSASignature(signature, for: Self.message, digest: .sha256))

        var offCurve = point
        offCurve[offCurve.count - 1] ^= 0x01
        #expect(throws: CryptoError.self) { try PublicKey.ec(curve: curve, x962Point: offCurve) }
        #expect(throws: CryptoError.self) { try PublicKey.ec(curve: curve == .p256 ? .p384 : .p256, x962Point: point) }
    }

    /// Independent check with the openssl command-line tool (which uses DER ECDSA-Sig-Value),
    /// in both directions.
    @Test(.enabled(if: TestSupport.openSSLPresent, "needs /usr/bin/openssl"), arguments: [(ECCurve.p256, DigestAlgorithm.sha256), (.p384, .sha384)])
    func interoperatesWithOpenSSLCommandLine(curve: ECCurve, digest: DigestAlgorithm) async throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { TestSupport.removeDirectory(directory) }
        let key = Self.key(curve)
        let messageFile = directory.appendingPathComponent("message")
        let signatureFile = directory.appendingPathComponent("signature.der")
        let publicKeyFile = directory.appendingPathComponent("public.der")
        let privateKeyFile = directory.appendingPathComponent("private.pem")
        try TestSupport.write(Self.message, to: messageFile)
        try TestSupport.write(key.publicKey.subjectPublicKeyInfoDER, to: publicKeyFile)
        try TestSupport.write(key.pkcs8PEMRepresentation, to: privateKeyFile)

        // Ours, converted to DER, verified by openssl.
        let raw = try key.signECDSA(Self.message, digest: digest)
        try TestSupport.write(TestSupport.derECDSASignature(raw: raw), to: signatureFile)
        let verified = try await TestSupport.openSSL(
            [
                "dgst", "-\(digest.openSSLName)", "-verify", publicKeyFile.path, "-keyform", "DER",
                "-signature", signatureFile.path, messageFile.path,
            ])
        #expect(verified.status == 0, "\(verified.errorOutput)")
        #expect(String(decoding: verified.output, as: UTF8.self).contains("Verified OK"))

        // openssl's, converted to raw, verified by us.
        let signed = try await TestSupport.openSSL(
            ["dgst", "-\(digest.openSSLName)", "-sign", privateKeyFile.path, "-out", signatureFile.path, messageFile.path])
        try #require(signed.status == 0, "\(signed.errorOutput)")
        let fromOpenSSL = TestSupport.rawECDSASignature(der: try TestSupport.read(signatureFile), coordinateLength: curve.coordinateByteCount)
        #expect(key.publicKey.isValidECDSASignature(fromOpenSSL, for: Self.message, digest: digest))
        #expect(!key.publicKey.isValidECDSASignature(fromOpenSSL, for: Self.message + [0], digest: digest))
    }
}
