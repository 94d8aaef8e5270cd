import Testing
import TesseraCrypto

/// One key shared by many tasks at once: each operation holds an OpenSSL context of its own for
/// the duration of the call (RSA signing and verification borrow prepared ones from the key's
/// pool), so results must be identical to sequential use.
@Suite struct ConcurrentUseTests {
    @Test func sharedRSAKeySignsVerifiesAndDecryptsConcurrently() async throws {
        let key = TestKeys.rsa2048
        let message = Array("concurrent".utf8)
        let expected = try key.signRSA(message, digest: .sha256, padding: .pkcs1v15)  // deterministic
        let ciphertext = try key.publicKey.encryptOAEP([7, 7, 7], digest: .sha256, mgf1: .sha1, label: nil)
        let results = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<32 {
                group.addTask {
                    let signature = try key.signRSA(message, digest: .sha256, padding: index % 2 == 0 ? .pkcs1v15 : .pss)
                    let verified = key.publicKey.isValidRSASignature(
                        signature, for: message, digest: .sha256, padding: index % 2 == 0 ? .pkcs1v15 : .pss)
                    let decrypted = try key.decryptOAEP(ciphertext, digest: .sha256, mgf1: .sha1, label: nil)
                    return verified && decrypted == [7, 7, 7] && (index % 2 == 1 || signature == expected)
                }
            }
            var all: [Bool] = []
            for try await result in group { all.append(result) }
            return all
        }
        #expect(results.count == 32)
        #expect(results.allSatisfy { $0 })
    }

    /// A key encodes its SubjectPublicKeyInfo on the first request and keeps it: callers racing
    /// for it on a key that has not encoded it yet all get the same, complete DER, which loads
    /// back as the same key.
    @Test func subjectPublicKeyInfoIsEncodedOnceAndTheSameForEveryCaller() async throws {
        let signer = TestKeys.rsa2048
        let expected = signer.publicKey.subjectPublicKeyInfoDER
        let fresh = try PublicKey(subjectPublicKeyInfoDER: expected)
        let encodings = await withTaskGroup(of: [UInt8].self) { group in
            for _ in 0..<32 {
                group.addTask { fresh.subjectPublicKeyInfoDER }
            }
            var all: [[UInt8]] = []
            for await encoding in group { all.append(encoding) }
            return all
        }
        #expect(encodings.count == 32)
        #expect(encodings.allSatisfy { $0 == expected })
        let message = Array("encoded once".utf8)
        let signature = try signer.signRSA(message, digest: .sha256, padding: .pkcs1v15)
        let reloaded = try PublicKey(subjectPublicKeyInfoDER: fresh.subjectPublicKeyInfoDER)
        #expect(reloaded.isValidRSASignature(signature, for: message, digest: .sha256, padding: .pkcs1v15))
        #expect(TestKeys.p256.publicKey.subjectPublicKeyInfoDER != fresh.subjectPublicKeyInfoDER)
    }

    /// The key's prepared contexts are per digest, padding and direction: interleaving every
    /// combination, with forged signatures refused in between, never lets one context answer
    /// for another or a refusal spoil a later verification.
    @Test func preparedContextsKeepDigestsPaddingsAndRefusalsApart() async throws {
        let key = TestKeys.rsa2048
        let message = Array("prepared contexts".utf8)
        let digests: [DigestAlgorithm] = [.sha1, .sha256, .sha512]
        let paddings: [RSASignaturePadding] = [.pkcs1v15, .pss]
        let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
            for round in 0..<48 {
                let digest = digests[round % 3]
                let padding = paddings[(round / 3) % 2]
                group.addTask {
                    let signature = try key.signRSA(message, digest: digest, padding: padding)
                    var forged = signature
                    forged[forged.count / 2] ^= 0x01
                    let otherDigest = digests[(round + 1) % 3]
                    let otherPadding = paddings[(round / 3 + 1) % 2]
                    return key.publicKey.isValidRSASignature(signature, for: message, digest: digest, padding: padding)
                        && !key.publicKey.isValidRSASignature(forged, for: message, digest: digest, padding: padding)
                        && !key.publicKey.isValidRSASignature(signature, for: message, digest: otherDigest, padding: padding)
                        && !key.publicKey.isValidRSASignature(signature, for: message, digest: digest, padding: otherPadding)
                        && key.publicKey.isValidRSASignature(signature, for: message, digest: digest, padding: padding)
                }
            }
            var all: [Bool] = []
            for try await outcome in group { all.append(outcome) }
            return all
        }
        #expect(outcomes.count == 48)
        #expect(outcomes.allSatisfy { $0 })
    }
}
