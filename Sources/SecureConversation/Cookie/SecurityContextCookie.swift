import Foundation
public import StoreProtocols
import TesseraCrypto
import WSSecurity

/// Seals a security context into the `dnse:Cookie` of its SecurityContextToken, so that any
/// service instance holding the cookie key can serve the session without a shared store (the
/// problem WCF farms hit with stateful SCTs).
///
/// Format: the 4 bytes `TSC1`, then AES-256-GCM (`nonce ‖ ciphertext ‖ tag`, XML-Enc 1.1
/// layout) of: a format byte (2), Identifier, Instance, owner (each a 2-byte big-endian length
/// and UTF-8), the secret (1-byte length), created and expires (8-byte big-endian milliseconds
/// since 1970), the number of amended claims (1 byte, at most ``maximumClaims``) and each claim,
/// then a byte saying whether a bootstrap assertion follows (0 or 1) and its issuer and ID, then
/// a byte saying whether the AppliesTo of a context issued for another service follows (0 or 1)
/// and that AppliesTo (strings as above); format 1, without the last three fields, still opens.
/// Authenticating as associated data `TSC1`, the Identifier, a zero byte and the
/// Instance. Nothing is deserialized but these fixed fields: no object graph, unlike WCF's
/// cookie. A cookie moved to another token fails the tag check before anything is read, and
/// the Identifier and Instance inside are compared with the token's own as well.
///
/// Its description, debug description and mirror show how many keys it holds, never their bytes.
public struct SecurityContextCookie: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private static let magic: [UInt8] = Array("TSC1".utf8)
    private static let formatVersion: UInt8 = 2
    /// Most amended claims a cookie carries.
    public static let maximumClaims = 32

    private let key: [UInt8]
    private let previousKeys: [[UInt8]]

    /// `key` seals new cookies and opens them; `previousKeys` only open (key rotation). Keys are
    /// 32 bytes (AES-256); others are refused.
    public init(key: [UInt8], previousKeys: [[UInt8]] = []) throws {
        guard key.count == 32, previousKeys.allSatisfy({ $0.count == 32 }) else {
            throw WSSecurityError(.invalidSecurity, "cookie keys are 32 bytes")
        }
        self.key = key
        self.previousKeys = previousKeys
    }

    /// A fresh random cookie key.
    public static func generateKey() -> [UInt8] { SecureRandom.bytes(32) }

    /// The cookie for `record`, which must have an Instance (renewals and revocations name it).
    public func seal(_ record: SecurityContextRecord) throws -> [UInt8] {
        guard let instance = record.instance else {
            throw WSSecurityError(.invalidSecurity, "a cookie context needs an Instance")
        }
        var plaintext: [UInt8] = [Self.formatVersion]
        func append(_ text: String) throws {
            let bytes = Array(text.utf8)
            guard bytes.count <= Int(UInt16.max) else { throw WSSecurityError(.invalidSecurity, "a cookie field is too long") }
            plaintext += [UInt8(bytes.count >> 8), UInt8(bytes.count & 0xFF)] + bytes
        }
        for text in [record.identifier, instance, record.owner] { try append(text) }
        guard record.secret.count <= Int(UInt8.max) else { throw WSSecurityError(.invalidSecurity, "a cookie secret is too long") }
        plaintext += [UInt8(record.secret.count)] + record.secret
        plaintext += Self.bytes(record.created) + Self.bytes(record.expires)
        guard record.claims.count <= Self.maximumClaims else { throw WSSecurityError(.invalidSecurity, "a cookie carries too many claims") }
        plaintext.append(UInt8(record.claims.count))
        for claim in record.claims { try append(claim) }
        if let assertion = record.bootstrapAssertion {
            plaintext.append(1)
            try append(assertion.issuer)
            try append(assertion.id)
        } else {
            plaintext.append(0)
        }
        if let appliesTo = record.appliesTo {
            plaintext.append(1)
            try append(appliesTo)
        } else {
            plaintext.append(0)
        }
        return Self.magic + (try AESGCM.encrypt(plaintext, key: key, authenticating: Self.associatedData(record.identifier, instance)))
    }

    /// The context sealed in `token`'s cookie. Throws `wsc:BadContextToken` when there is no
    /// cookie, when no key opens it, or when it names another Identifier or Instance.
    public func open(_ token: SecurityContextToken) throws -> SecurityContextRecord {
        let bad = WSSecurityError(.defined(by: token.version.faultCodes.badContextToken), "the security context is not valid")
        guard let cookie = token.cookie, let instance = token.instance, cookie.count > Self.magic.count,
            Array(cookie.prefix(Self.magic.count)) == Self.magic
        else { throw bad }
        let sealed = Array(cookie.dropFirst(Self.magic.count))
        let associatedData = Self.associatedData(token.identifier, instance)
        var plaintext: [UInt8]?
        for candidate in [key] + previousKeys {
            if let opened = try? AESGCM.decrypt(sealed, key: candidate, authenticating: associatedData) { plaintext = opened; break }
        }
        guard let plaintext, let record = Self.record(plaintext), record.identifier == token.identifier,
            record.instance == token.instance
        else { throw bad }
        return record
    }

    public var description: String { "SecurityContextCookie(\(1 + previousKeys.count) keys)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["keyCount": 1 + previousKeys.count]) }

    /// What a cookie is bound to: the format, and the token's Identifier and Instance (XML text
    /// holds no zero byte, so the separator is unambiguous).
    private static func associatedData(_ identifier: String, _ instance: String) -> [UInt8] {
        magic + Array(identifier.utf8) + [0] + Array(instance.utf8)
    }

    private static func record(_ bytes: [UInt8]) -> SecurityContextRecord? {
        var reader = ByteReader(bytes: bytes)
        guard let format = reader.byte(), format == 1 || format == formatVersion,
            let identifier = reader.string(), let instance = reader.string(), let owner = reader.string(),
            let secretLength = reader.byte(), let secret = reader.take(Int(secretLength)),
            let created = reader.date(), let expires = reader.date()
        else { return nil }
        var claims: [String] = []
        var assertion: BootstrapAssertion?
        var appliesTo: String?
        if format == formatVersion {
            guard let count = reader.byte(), Int(count) <= maximumClaims else { return nil }
            for _ in 0..<count {
                guard let claim = reader.string() else { return nil }
                claims.append(claim)
            }
            switch reader.byte() {
            case 0?: break
            case 1?:
                guard let issuer = reader.string(), let id = reader.string() else { return nil }
                assertion = BootstrapAssertion(issuer: issuer, id: id)
            default: return nil
            }
            switch reader.byte() {
            case 0?: break
            case 1?:
                guard let scope = reader.string() else { return nil }
                appliesTo = scope
            default: return nil
            }
        }
        guard reader.isAtEnd else { return nil }
        return SecurityContextRecord(
            identifier: identifier, instance: instance, secret: secret, owner: owner, claims: claims,
            bootstrapAssertion: assertion, created: created, expires: expires, appliesTo: appliesTo)
    }

    private static func bytes(_ date: Date) -> [UInt8] {
        let milliseconds = UInt64(bitPattern: Int64((date.timeIntervalSince1970 * 1000).rounded()))
        return (0..<8).map { UInt8(truncatingIfNeeded: milliseconds >> (56 - 8 * $0)) }
    }

    /// Reads the fixed fields, returning nil on any shortfall.
    private struct ByteReader {
        let bytes: [UInt8]
        var position = 0

        var isAtEnd: Bool { position == bytes.count }

        mutating func take(_ count: Int) -> [UInt8]? {
            guard count >= 0, bytes.count - position >= count else { return nil }
            defer { position += count }
            return Array(bytes[position..<position + count])
        }

        mutating func byte() -> UInt8? { take(1)?.first }

        mutating func string() -> String? {
            guard let length = take(2), let text = take(Int(length[0]) << 8 | Int(length[1])) else { return nil }
            return String(validating: text, as: UTF8.self)
        }

        mutating func date() -> Date? {
            guard let raw = take(8) else { return nil }
            let milliseconds = Int64(bitPattern: raw.reduce(0) { $0 << 8 | UInt64($1) })
            return Date(timeIntervalSince1970: Double(milliseconds) / 1000)
        }
    }
}
