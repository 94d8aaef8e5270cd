import Foundation
import StoreProtocols
import STS
import SecureConversation
import TesseraCrypto

/// Records for the tests: unique identifiers (tests share databases), times on whole milliseconds.
enum Sample {
    /// 2025-06-15T15:06:40.123Z.
    static let now = Date(timeIntervalSince1970: 1_750_000_000.123)

    static func uniqueID(_ prefix: String = "_") -> String {
        "\(prefix)\(UUID().uuidString.lowercased())"
    }

    static func token(
        id: String = uniqueID(), created: Date = now, expires: Date = now.addingTimeInterval(3600),
        status: IssuedTokenRecord.Status = .issued, appliesTo: String? = "https://rp.example/service", renewedFrom: String? = nil
    ) -> IssuedTokenRecord {
        IssuedTokenRecord(
            id: id, tokenType: "http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLV2.0",
            subject: "alice@example.com", requestor: "CN=gateway,O=Tessera Test", appliesTo: appliesTo,
            relyingParty: appliesTo == nil ? nil : "rp", created: created, expires: expires, status: status,
            renewable: true, renewedFrom: renewedFrom)
    }

    static func context(
        identifier: String = uniqueID("urn:uuid:"), instance: String? = nil, secret: [UInt8] = SecureRandom.bytes(32),
        owner: String = "CN=client,O=Tessera Test", created: Date = now, expires: Date = now.addingTimeInterval(3600),
        status: SecurityContextRecord.Status = .active
    ) -> SecurityContextRecord {
        SecurityContextRecord(
            identifier: identifier, instance: instance, secret: secret, owner: owner, created: created, expires: expires,
            status: status)
    }
}

extension Array where Element == UInt8 {
    /// Whether `needle` occurs anywhere in these bytes.
    func contains(subsequence needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, needle.count <= count else { return needle.isEmpty }
        for start in 0...(count - needle.count) where self[start] == needle[0] {
            if Array(self[start..<start + needle.count]) == needle { return true }
        }
        return false
    }

    var hex: String { map { String(format: "%02x", $0) }.joined() }
}
