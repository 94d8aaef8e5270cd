import Foundation
import SOAP
import SecureConversation
import StoreProtocols
import TesseraCrypto
import Testing
import WSSecurity

/// The stateless context cookie: sealed under the service key, bound to its token.
@Suite struct SecurityContextCookieTests {
    static let record = SecurityContextRecord(
        identifier: "urn:uuid:c", instance: "urn:uuid:i", secret: Array(0..<32), owner: "CN=gateway",
        created: Date(timeIntervalSince1970: 1_750_000_000), expires: Date(timeIntervalSince1970: 1_750_003_600))

    static func token(_ cookie: [UInt8], identifier: String = "urn:uuid:c", instance: String? = "urn:uuid:i") -> SecurityContextToken {
        SecurityContextToken(version: .v13, identifier: identifier, instance: instance, cookie: cookie)
    }

    @Test func sealedContextOpensWithTheSameKey() throws {
        let codec = try SecurityContextCookie(key: SecurityContextCookie.generateKey())
        let cookie = try codec.seal(Self.record)
        #expect(!cookie.windowsContains(Self.record.secret), "the secret is readable in the cookie")
        #expect(try codec.open(Self.token(cookie)) == Self.record)
    }

    @Test func anotherKeyCannotOpenIt() throws {
        let cookie = try SecurityContextCookie(key: SecurityContextCookie.generateKey()).seal(Self.record)
        let other = try SecurityContextCookie(key: SecurityContextCookie.generateKey())
        #expect(throws: WSSecurityError(.defined(by: WSSCFaultCode.v13.badContextToken), "")) { try other.open(Self.token(cookie)) }
    }

    @Test func aCookieCannotMoveToAnotherTokenOrInstance() throws {
        let codec = try SecurityContextCookie(key: SecurityContextCookie.generateKey())
        let cookie = try codec.seal(Self.record)
        #expect(throws: WSSecurityError.self) { try codec.open(Self.token(cookie, identifier: "urn:uuid:other")) }
        #expect(throws: WSSecurityError.self) { try codec.open(Self.token(cookie, instance: "urn:uuid:older")) }
    }

    @Test func everyFlippedByteIsDetected() throws {
        let codec = try SecurityContextCookie(key: SecurityContextCookie.generateKey())
        let cookie = try codec.seal(Self.record)
        for index in cookie.indices {
            var tampered = cookie
            tampered[index] ^= 0x01
            #expect(throws: WSSecurityError.self) { try codec.open(Self.token(tampered)) }
        }
    }

    /// A well-formed plaintext sealed under the right key but without the token's Identifier
    /// and Instance as associated data is refused: the binding is in the tag, not only inside.
    @Test func aCookieWithoutTheTokenAsAssociatedDataIsRefused() throws {
        let key = SecurityContextCookie.generateKey()
        let codec = try SecurityContextCookie(key: key)
        func field(_ text: String) -> [UInt8] { let bytes = Array(text.utf8); return [0, UInt8(bytes.count)] + bytes }
        func milliseconds(_ date: Date) -> [UInt8] {
            let value = UInt64(date.timeIntervalSince1970 * 1000)
            return (0..<8).map { UInt8(truncatingIfNeeded: value >> (56 - 8 * $0)) }
        }
        let record = Self.record
        var plaintext: [UInt8] = [1]
        plaintext += field(record.identifier) + field(record.instance!) + field(record.owner)
        plaintext += [UInt8(record.secret.count)] + record.secret
        plaintext += milliseconds(record.created) + milliseconds(record.expires)
        let magic = Array("TSC1".utf8)
        let withoutAssociatedData = magic + (try AESGCM.encrypt(plaintext, key: key))
        #expect(throws: WSSecurityError.self) { try codec.open(Self.token(withoutAssociatedData)) }
        // The same plaintext bound to the token opens: the refusal above is the associated data's.
        var associatedData = magic + Array("urn:uuid:c".utf8)
        associatedData += [0] + Array("urn:uuid:i".utf8)
        let bound = magic + (try AESGCM.encrypt(plaintext, key: key, authenticating: associatedData))
        #expect(try codec.open(Self.token(bound)) == record)
    }

    @Test func previousKeysStillOpenAfterRotation() throws {
        let old = SecurityContextCookie.generateKey()
        let cookie = try SecurityContextCookie(key: old).seal(Self.record)
        let rotated = try SecurityContextCookie(key: SecurityContextCookie.generateKey(), previousKeys: [old])
        #expect(try rotated.open(Self.token(cookie)).secret == Self.record.secret)
    }

    @Test func keysMustBe32Bytes() {
        #expect(throws: WSSecurityError.self) { try SecurityContextCookie(key: [UInt8](repeating: 1, count: 16)) }
    }
}

extension Array where Element == UInt8 {
    /// Whether `needle` occurs contiguously.
    func windowsContains(_ needle: [UInt8]) -> Bool {
        guard needle.count <= count else { return false }
        return (0...(count - needle.count)).contains { Array(self[$0..<$0 + needle.count]) == needle }
    }
}
