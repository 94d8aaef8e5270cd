import Foundation
import Testing
import TesseraCrypto

@Suite struct KeyLoadingTests {
    static let message = Array("key loading".utf8)

    /// Extracts the public key of a DER certificate with the openssl command-line tool.
    static func certificatePublicKey(_ certificateDER: [UInt8]) async throws -> PublicKey {
        let directory = try TestSupport.temporaryDirectory()
        defer { TestSupport.removeDirectory(directory) }
        let file = directory.appendingPathComponent("cert.der")
        try TestSupport.write(certificateDER, to: file)
        let result = try await TestSupport.openSSL(["x509", "-inform", "DER", "-in", file.path, "-pubkey", "-noout"])
        try #require(result.status == 0, "\(result.errorOutput)")
        return try PublicKey(pemRepresentation: String(decoding: result.output, as: UTF8.self))
    }

    // The W3C vectors live outside the repository; without them these tests are reported as
    // skipped (with this reason), never as passed.
    @Test(
        .enabled(if: TestSupport.vectorsPresent, "the W3C interop vectors are missing"),
        .enabled(if: TestSupport.openSSLPresent, "needs the openssl command-line tool"))
    func loadsXMLEnc11PKCS12() async throws {
        let (key, certificates) = try PrivateKey.fromPKCS12(
            try TestSupport.vector("xmlenc11-interop-2012/RSA-2048_SHA256WithRSA.p12"), password: "passwd")
        #expect(key.keyType == .rsa(bits: 2048))
        try #require(certificates.count == 1)
        #expect(try await Self.certificatePublicKey(certificates[0]).subjectPublicKeyInfoDER == key.publicKey.subjectPublicKeyInfoDER)
        // The same key is also shipped as PKCS#1 DER.
        let der = try PrivateKey(derRepresentation: try TestSupport.vector("xmlenc11-interop-2012/RSA-2048_SHA256WithRSA.der"))
        #expect(der.publicKey.subjectPublicKeyInfoDER == key.publicKey.subjectPublicKeyInfoDER)

        let signature = try key.signRSA(Self.message, digest: .sha256, padding: .pkcs1v15)
        #expect(der.publicKey.isValidRSASignature(signature, for: Self.message, digest: .sha256, padding: .pkcs1v15))

        do {
            _ = try PrivateKey.fromPKCS12(try TestSupport.vector("xmlenc11-interop-2012/RSA-2048_SHA256WithRSA.p12"), password: "wrong")
            Issue.record("wrong PKCS#12 password accepted")
        } catch let error as CryptoError {
            #expect(error.code == .invalidKey)
        }
    }

    @Test(
        .enabled(if: TestSupport.vectorsPresent, "the W3C interop vectors are missing"),
        .enabled(if: TestSupport.openSSLPresent, "needs the openssl command-line tool"))
    func loadsMerlinRSAKeys() async throws {
        // rsapriv.pem is an unencrypted PKCS#1 "RSA PRIVATE KEY" (1024 bits); xmlsec passes
        // --pwd secret for it, which must be harmless.
        let pem = try TestSupport.vectorText("merlin-xmlenc-five/rsapriv.pem")
        #expect(pem.hasPrefix("-----BEGIN RSA PRIVATE KEY-----"))
        let key = try PrivateKey(pemRepresentation: pem)
        let withPassword = try PrivateKey(pemRepresentation: pem, password: "secret")
        #expect(key.keyType == .rsa(bits: 1024))
        #expect(withPassword.publicKey.subjectPublicKeyInfoDER == key.publicKey.subjectPublicKeyInfoDER)

        let publicKey = try PublicKey(pemRepresentation: try TestSupport.vectorText("merlin-xmlenc-five/rsapub.pem"))
        #expect(publicKey.subjectPublicKeyInfoDER == key.publicKey.subjectPublicKeyInfoDER)
        let der = try PrivateKey(derRepresentation: try TestSupport.vector("merlin-xmlenc-five/rsapriv.der"))
        #expect(der.publicKey.subjectPublicKeyInfoDER == key.publicKey.subjectPublicKeyInfoDER)

        let (fromP12, certificates) = try PrivateKey.fromPKCS12(try TestSupport.vector("merlin-xmlenc-five/rsapriv.p12"), password: "secret")
        #expect(fromP12.publicKey.subjectPublicKeyInfoDER == key.publicKey.subjectPublicKeyInfoDER)
        try #require(!certificates.isEmpty)
        #expect(try await Self.certificatePublicKey(certificates[0]).subjectPublicKeyInfoDER == key.publicKey.subjectPublicKeyInfoDER)

        let signature = try key.signRSA(Self.message, digest: .sha1, padding: .pkcs1v15)
        #expect(publicKey.isValidRSASignature(signature, for: Self.message, digest: .sha1, padding: .pkcs1v15))
    }

    @Test(
        .enabled(if: TestSupport.vectorsPresent, "the W3C interop vectors are missing"),
        arguments: [("P256", ECCurve.p256), ("P384", .p384), ("P521", .p521)])
    func loadsXMLEnc11ECKeys(name: String, curve: ECCurve) throws {
        let key = try PrivateKey(derRepresentation: try TestSupport.vector("xmlenc11-interop-2012/EC-\(name)_SHA256WithECDSA.der"))
        #expect(key.keyType == .ec(curve))
        let signature = try key.signECDSA(Self.message, digest: .sha256)
        #expect(key.publicKey.isValidECDSASignature(signature, for: Self.message, digest: .sha256))
    }

    @Test func pkcs8PEMRoundTrip() throws {
        for original in [TestKeys.rsa2048, TestKeys.p256, TestKeys.p384, TestKeys.p521] {
            let pem = original.pkcs8PEMRepresentation
            #expect(pem.hasPrefix("-----BEGIN PRIVATE KEY-----"))
            let loaded = try PrivateKey(pemRepresentation: pem)
            #expect(loaded.keyType == original.keyType)
            #expect(loaded.publicKey.subjectPublicKeyInfoDER == original.publicKey.subjectPublicKeyInfoDER)
        }
    }

    /// Keys written by the openssl command-line tool in every format we claim to read.
    @Test(.enabled(if: TestSupport.openSSLPresent, "needs /usr/bin/openssl"))
    func loadsFormatsWrittenByOpenSSL() async throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { TestSupport.removeDirectory(directory) }
        let plain = directory.appendingPathComponent("plain.pem")
        try TestSupport.write(TestKeys.rsa2048.pkcs8PEMRepresentation, to: plain)
        let expected = TestKeys.rsa2048.publicKey.subjectPublicKeyInfoDER

        func run(_ arguments: [String]) async throws -> [UInt8] {
            let result = try await TestSupport.openSSL(arguments)
            try #require(result.status == 0, "\(result.errorOutput)")
            return result.output
        }

        // PKCS#1 "RSA PRIVATE KEY".
        let pkcs1 = String(decoding: try await run(["rsa", "-in", plain.path, "-traditional"]), as: UTF8.self)
        #expect(pkcs1.hasPrefix("-----BEGIN RSA PRIVATE KEY-----"))
        #expect(try PrivateKey(pemRepresentation: pkcs1).publicKey.subjectPublicKeyInfoDER == expected)

        // Encrypted PKCS#8, PEM and DER.
        let encryptedPEM = String(
            decoding: try await run(["pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", plain.path, "-passout", "pass:hunter2"]), as: UTF8.self)
        #expect(encryptedPEM.hasPrefix("-----BEGIN ENCRYPTED PRIVATE KEY-----"))
        #expect(try PrivateKey(pemRepresentation: encryptedPEM, password: "hunter2").publicKey.subjectPublicKeyInfoDER == expected)
        let encryptedDER = try await run(["pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", plain.path, "-passout", "pass:hunter2", "-outform", "DER"])
        #expect(try PrivateKey(derRepresentation: encryptedDER, password: "hunter2").publicKey.subjectPublicKeyInfoDER == expected)
        for password in [nil, "hunter3"] {
            do {
                _ = try PrivateKey(pemRepresentation: encryptedPEM, password: password)
                Issue.record("encrypted key loaded with password \(String(describing: password))")
            } catch let error as CryptoError {
                #expect(error.code == .invalidKey)
            }
        }

        // Unencrypted PKCS#8 DER.
        let pkcs8DER = try await run(["pkcs8", "-topk8", "-nocrypt", "-in", plain.path, "-outform", "DER"])
        #expect(try PrivateKey(derRepresentation: pkcs8DER).publicKey.subjectPublicKeyInfoDER == expected)

        // SEC1 "EC PRIVATE KEY", and its public key written by openssl.
        let sec1File = directory.appendingPathComponent("ec.pem")
        let sec1 = try await run(["ecparam", "-name", "secp384r1", "-genkey", "-noout"])
        try TestSupport.write(sec1, to: sec1File)
        #expect(String(decoding: sec1, as: UTF8.self).hasPrefix("-----BEGIN EC PRIVATE KEY-----"))
        let ecKey = try PrivateKey(pemRepresentation: String(decoding: sec1, as: UTF8.self))
        #expect(ecKey.keyType == .ec(.p384))
        let ecPublic = try PublicKey(pemRepresentation: String(decoding: try await run(["ec", "-in", sec1File.path, "-pubout"]), as: UTF8.self))
        let signature = try ecKey.signECDSA(Self.message, digest: .sha384)
        #expect(ecPublic.isValidECDSASignature(signature, for: Self.message, digest: .sha384))

        // Unsupported key types are refused by type.
        let edFile = directory.appendingPathComponent("ed.pem")
        try TestSupport.write(try await run(["genpkey", "-algorithm", "ed25519"]), to: edFile)
        let edPublic = try await run(["pkey", "-in", edFile.path, "-pubout", "-outform", "DER"])
        do {
            _ = try PublicKey(subjectPublicKeyInfoDER: edPublic)
            Issue.record("Ed25519 key accepted")
        } catch let error as CryptoError {
            #expect(error.code == .unsupportedKeyType)
        }
        do {
            _ = try PrivateKey(pemRepresentation: String(decoding: try TestSupport.read(edFile), as: UTF8.self))
            Issue.record("Ed25519 key accepted")
        } catch let error as CryptoError {
            #expect(error.code == .unsupportedKeyType)
        }

        // RSA public key from modulus and exponent (ds:RSAKeyValue), compared with openssl's view.
        let modulusLine = String(decoding: try await run(["rsa", "-in", plain.path, "-modulus", "-noout"]), as: UTF8.self)
        let modulusHex = try #require(modulusLine.split(separator: "=").last).trimmingCharacters(in: .whitespacesAndNewlines)
        let fromComponents = try PublicKey.rsa(modulus: TestSupport.bytes(hex: modulusHex), exponent: [0x01, 0x00, 0x01])
        #expect(fromComponents.subjectPublicKeyInfoDER == expected)
        #expect(fromComponents.keyType == .rsa(bits: 2048))
        let components = try #require(TestKeys.rsa2048.publicKey.rsaComponents)
        #expect(TestSupport.hex(components.modulus) == modulusHex.lowercased())
        #expect(components.exponent == [0x01, 0x00, 0x01])
        #expect(TestKeys.p256.publicKey.rsaComponents == nil)
    }

    @Test func rsaComponentsValidation() throws {
        let modulus = [UInt8](repeating: 0xC5, count: 128)  // odd, 1024 bits
        let key = try PublicKey.rsa(modulus: [0, 0] + modulus, exponent: [0x01, 0x00, 0x01])  // leading zeros allowed
        #expect(key.keyType == .rsa(bits: 1024))
        #expect(throws: CryptoError.self) { try PublicKey.rsa(modulus: modulus.dropLast() + [0xC4], exponent: [3]) }  // even modulus
        #expect(throws: CryptoError.self) { try PublicKey.rsa(modulus: modulus, exponent: [1]) }
        #expect(throws: CryptoError.self) { try PublicKey.rsa(modulus: modulus, exponent: [0x01, 0x00, 0x00]) }  // even exponent
        #expect(throws: CryptoError.self) { try PublicKey.rsa(modulus: [], exponent: [3]) }
        #expect(throws: CryptoError.self) { try PublicKey.rsa(modulus: modulus, exponent: []) }
    }

    @Test func subjectPublicKeyInfoRoundTripAndRejections() throws {
        for key in [TestKeys.rsa2048.publicKey, TestKeys.p256.publicKey, TestKeys.p521.publicKey] {
            let der = key.subjectPublicKeyInfoDER
            let loaded = try PublicKey(subjectPublicKeyInfoDER: der)
            #expect(loaded.subjectPublicKeyInfoDER == der)
            #expect(loaded.keyType == key.keyType)
            #expect(throws: CryptoError.self) { try PublicKey(subjectPublicKeyInfoDER: der + [0]) }
            #expect(throws: CryptoError.self) { try PublicKey(subjectPublicKeyInfoDER: Array(der.dropLast())) }
        }
        #expect(throws: CryptoError.self) { try PublicKey(subjectPublicKeyInfoDER: []) }
        #expect(throws: CryptoError.self) { try PublicKey(pemRepresentation: "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n") }
        #expect(throws: CryptoError.self) { try PrivateKey(pemRepresentation: "not a key") }
        #expect(throws: CryptoError.self) { try PrivateKey(derRepresentation: [0x30, 0x03, 0x02, 0x01, 0x00]) }
    }

    @Test func generationRefusesWeakSizes() {
        do {
            _ = try PrivateKey.generateRSA(bits: 1024)
            Issue.record("1024-bit RSA generated")
        } catch let error as CryptoError {
            #expect(error.code == .invalidKeySize)
        } catch {
            Issue.record("unexpected error \(error)")
        }
        #expect(TestKeys.rsa2048.keyType == .rsa(bits: 2048))
    }
}
