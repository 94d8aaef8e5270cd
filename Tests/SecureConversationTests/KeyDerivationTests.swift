import Crypto
import Foundation
import SecureConversation
import Testing
import TesseraCrypto

/// P_SHA1 and WS-SC key derivation checked against outside references, not against itself.
@Suite struct KeyDerivationTests {
    /// The TLS 1.0 PRF test vector published on the IETF TLS working group list ("PRF
    /// Testvector", imc.org ietf-tls msg01589; reproduced in many TLS test suites): PRF =
    /// P_MD5(S1, label + seed) XOR P_SHA1(S2, label + seed) with S1 = S2 = 24 bytes of 0xAB.
    /// P_MD5 is computed here from swift-crypto's HMAC-MD5; P_SHA1 is Tessera's.
    @Test func tls10PRFPublishedVector() {
        let half = [UInt8](repeating: 0xAB, count: 24)
        let seed = Array("PRF Testvector".utf8) + [UInt8](repeating: 0xCD, count: 64)
        let sha1 = PSHA1.derive(secret: half, seed: seed, length: 104)
        let prf = zip(Self.pMD5(secret: half, seed: seed, length: 104), sha1).map { $0 ^ $1 }
        #expect(
            Oracles.hex(prf) == """
                d3d4d1e349b5d515044666d51de32bab258cb521b6b053463e354832fd976754443bcf9a296519bc289abcbc1187e4eb\
                d31e602353776c408aafb74cbc85eff69255f9788faa184cbb957a9819d84a5d7eb006eb459d3ae8de9810454b8b2d8f\
                1afbc655a8c9a013
                """)
    }

    /// Keys derived from DerivedKeyTokens (default and explicit labels, Offset and Generation
    /// forms, lengths of the common suites) equal P_SHA1(secret, label + nonce) from Python
    /// `cryptography` (scripts/interop/psha1.py).
    @Test(
        .requiresPython,
        arguments: [
            (nil, DerivedKeyToken.Position?.none, 24),
            (nil, .offset(0), 20),
            ("custom label", .offset(37), 16),
            (nil, .generation(3), 32),
            (nil, .generation(2), 20),
        ] as [(String?, DerivedKeyToken.Position?, Int)])
    func derivedKeysMatchPython(label: String?, position: DerivedKeyToken.Position?, length: Int) async throws {
        let secret = SecureRandom.bytes(32)
        let nonce = SecureRandom.bytes(16)
        var token = DerivedKeyToken(version: .v13, id: "DK-1", reference: nil, position: position, length: length, label: label, nonce: nonce)
        token.algorithm = SecureConversationVersion.v13.pSHA1Algorithm
        let offset =
            switch position {
            case .offset(let offset)?: offset
            case .generation(let generation)?: generation * length
            case nil: 0
            }
        let expected = try await Oracles.pSHA1(
            secret: secret, seed: Array((label ?? "WS-SecureConversationWS-SecureConversation").utf8) + nonce,
            length: length, offset: offset)
        #expect(Oracles.hex(try token.deriveKey(from: secret)) == expected)
    }

    /// The WS-Trust computed key (P_SHA1 of requestor entropy keyed, issuer entropy as seed).
    @Test(.requiresPython) func computedKeyMatchesPython() async throws {
        let client = SecureRandom.bytes(32), server = SecureRandom.bytes(32)
        #expect(Oracles.hex(PSHA1.derive(secret: client, seed: server, length: 32)) == (try await Oracles.pSHA1(secret: client, seed: server, length: 32)))
    }

    /// A Generation is Length-sized steps into the stream: generation 3 of 16 bytes is offset 48.
    @Test func generationIsOffsetInLengthSteps() throws {
        let secret = SecureRandom.bytes(32), nonce = SecureRandom.bytes(16)
        let byGeneration = DerivedKeyToken(version: .v200502, id: nil, reference: nil, position: .generation(3), length: 16, nonce: nonce)
        let byOffset = DerivedKeyToken(version: .v200502, id: nil, reference: nil, position: .offset(48), length: 16, nonce: nonce)
        #expect(try byGeneration.deriveKey(from: secret) == byOffset.deriveKey(from: secret))
        #expect(try byGeneration.deriveKey(from: secret) != byOffset.deriveKey(from: SecureRandom.bytes(32)))
    }

    /// P_MD5 (RFC 2246 §5) from swift-crypto's HMAC-MD5, for the TLS 1.0 PRF vector.
    static func pMD5(secret: [UInt8], seed: [UInt8], length: Int) -> [UInt8] {
        let key = SymmetricKey(data: secret)
        var output: [UInt8] = []
        var a = seed
        while output.count < length {
            a = Array(HMAC<Insecure.MD5>.authenticationCode(for: a, using: key))
            output += Array(HMAC<Insecure.MD5>.authenticationCode(for: a + seed, using: key))
        }
        return Array(output.prefix(length))
    }
}
