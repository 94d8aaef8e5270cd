import Testing
import TesseraCrypto
import XMLCore
@testable import XMLSecurity

/// One document per task, many tasks at once: libxml2 is initialised once and documents share
/// nothing, so parallel sign-and-verify round trips all succeed.
struct ConcurrencyTests {
    @Test func parallelSignAndVerify() async throws {
        let results = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    var verified = 0
                    for _ in 0..<25 {
                        let document = try XMLDocument(parsing: Array(SampleEnvelope.text.utf8))
                        let security = document.root.children[0].children[0]
                        try SignatureBuilder(references: [.init(uri: "#body"), .init(uri: "#ts")])
                            .sign(in: security, key: .privateKey(TestKeys.rsa))
                        let received = try XMLDocument(parsing: document.serialize())
                        let signature = try #require(received.root.descendantsAndSelf.first { $0.is("Signature", XMLSecurityNamespace.ds) })
                        let result = try SignatureVerifier().verify(signature, key: .publicKey(TestKeys.rsa.publicKey), index: try IDIndex(received))
                        verified += result.references.count
                    }
                    return verified
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(results == 8 * 25 * 2)
    }
}
