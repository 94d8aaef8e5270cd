import Testing
import TesseraCrypto

/// One key shared by many tasks at once: each operation creates its own OpenSSL contexts, so
/// results must be identical to sequential use.
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
}
