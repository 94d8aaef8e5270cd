import Foundation
import StoreProtocols
import Testing
import TesseraCrypto
@testable import SecureConversation

/// The keyed P_SHA1 a message's derived keys share (``ContextResolution/deriveKey(_:context:secret:)``):
/// each key is the one P_SHA1 gives on its own, and one keying never serves another secret, even
/// under the same context Identifier.
@Suite struct ContextResolutionKeyingTests {
    static let first = [UInt8](repeating: 0xA1, count: 32)
    static let second = [UInt8](repeating: 0xB2, count: 32)

    static func resolution() -> ContextResolution {
        let record = SecurityContextRecord(
            identifier: "urn:uuid:c", instance: "urn:uuid:i", secret: first,
            owner: "CN=client", created: Date(timeIntervalSince1970: 0), expires: Date(timeIntervalSince1970: 60))
        return ContextResolution(source: SessionContextSource(record: record))
    }

    static func token(_ nonce: UInt8, length: Int) -> DerivedKeyToken {
        DerivedKeyToken(version: .v13, id: nil, reference: nil, position: .offset(0), length: length, nonce: [UInt8](repeating: nonce, count: 16))
    }

    @Test func keysDerivedUnderOneKeyingAreTheOnesDerivedAlone() throws {
        let resolution = Self.resolution()
        for (nonce, length) in [(1, 24), (2, 32), (1, 24), (3, 16)] {
            let token = Self.token(UInt8(nonce), length: length)
            #expect(try resolution.deriveKey(token, context: "urn:uuid:c", secret: Self.first) == token.deriveKey(from: Self.first))
        }
    }

    @Test func anotherSecretUnderTheSameIdentifierIsKeyedAfresh() throws {
        let resolution = Self.resolution()
        let token = Self.token(1, length: 24)
        let underFirst = try resolution.deriveKey(token, context: "urn:uuid:c", secret: Self.first)
        let underSecond = try resolution.deriveKey(token, context: "urn:uuid:c", secret: Self.second)
        #expect(underSecond == (try token.deriveKey(from: Self.second)))
        #expect(underSecond != underFirst)
        #expect(try resolution.deriveKey(token, context: "urn:uuid:c", secret: Self.first) == underFirst)
    }
}
