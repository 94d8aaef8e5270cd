import Foundation
import SecureConversation
import StoreProtocols
import Testing

/// Printing, logging or dumping a context record or a cookie codec never shows a secret.
@Suite struct SecretRedactionTests {
    /// Every way Swift renders `value` as text.
    static func renderings(_ value: some Any) -> [String] {
        var dumped = ""
        dump(value, to: &dumped)
        return [String(describing: value), String(reflecting: value), "\(value)", dumped]
    }

    @Test func aRecordDoesNotRevealItsSecret() {
        let record = SecurityContextRecord(
            identifier: "urn:uuid:c", instance: "urn:uuid:i", secret: [UInt8](repeating: 0xAB, count: 32),
            owner: "CN=gateway", created: Date(timeIntervalSince1970: 0), expires: Date(timeIntervalSince1970: 60))
        for text in Self.renderings(record) + Self.renderings([record]) + Self.renderings(Optional(record)) {
            #expect(text.contains("urn:uuid:c"))
            #expect(!text.contains("171"), "the secret's bytes are printed: \(text)")
            #expect(!text.lowercased().contains("abab"))
        }
    }

    @Test func aCookieCodecDoesNotRevealItsKeys() throws {
        let codec = try SecurityContextCookie(key: [UInt8](repeating: 0xAB, count: 32), previousKeys: [[UInt8](repeating: 0xCD, count: 32)])
        for text in Self.renderings(codec) {
            #expect(text.contains("2"))
            #expect(!text.contains("171") && !text.contains("205"), "a key's bytes are printed: \(text)")
            #expect(!text.lowercased().contains("abab") && !text.lowercased().contains("cdcd"))
        }
    }
}
