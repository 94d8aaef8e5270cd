import Foundation
import StoreProtocols
import Testing
import WSSecurity
@testable import SecureConversation

/// A cookie context carries its amended claims and bootstrap assertion inside the sealed cookie
/// (format 2), within a bound on the claims.
struct CookieClaimsTests {
    static func token(for record: SecurityContextRecord, cookie: [UInt8]) -> SecurityContextToken {
        var token = SecurityContextToken(version: .v13, identifier: record.identifier, instance: record.instance)
        token.cookie = cookie
        return token
    }

    @Test func claimsAndTheBootstrapAssertionTravelInTheCookie() throws {
        let codec = try SecurityContextCookie(key: SecurityContextCookie.generateKey())
        let record = SecurityContextRecord(
            identifier: "urn:uuid:c", instance: "urn:uuid:i", secret: Array(0..<32), owner: "CN=client",
            claims: ["CN=service", "CN=other"], bootstrapAssertion: BootstrapAssertion(issuer: "https://sts", id: "_a1"),
            created: Date(timeIntervalSince1970: 1_800_000_000), expires: Date(timeIntervalSince1970: 1_800_003_600))
        let opened = try codec.open(Self.token(for: record, cookie: try codec.seal(record)))
        #expect(opened == record)
    }

    @Test func moreClaimsThanACookieCarriesAreRefused() throws {
        let codec = try SecurityContextCookie(key: SecurityContextCookie.generateKey())
        let record = SecurityContextRecord(
            identifier: "urn:uuid:c", instance: "urn:uuid:i", secret: Array(0..<32), owner: "CN=client",
            claims: (0...SecurityContextCookie.maximumClaims).map { "CN=\($0)" }, created: Date(), expires: Date().addingTimeInterval(60))
        #expect(throws: WSSecurityError.self) { try codec.seal(record) }
    }
}
