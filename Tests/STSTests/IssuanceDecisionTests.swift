import Foundation
import Testing
import WSTrust
@testable import STS

/// The token-type rule of the token-transformation scenario: the relying party configured for
/// AppliesTo decides.
struct IssuanceDecisionTests {
    let hello = RelyingParty(name: "hello", addresses: [.exact("http://testHost/HelloService")], tokenType: .saml20)
    let legacy = RelyingParty(name: "legacy", addresses: [.prefix("https://legacy.example/")], tokenType: .saml11, audience: "urn:legacy")

    func request(appliesTo: String? = nil, tokenType: TokenType? = nil) -> RequestSecurityToken {
        var rst = RequestSecurityToken(version: .v13, requestType: .issue)
        rst.appliesTo = appliesTo.map { AppliesTo(address: $0) }
        rst.tokenType = tokenType
        return rst
    }

    @Test func appliesToWinsOverTokenType() throws {
        let registry = RelyingPartyRegistry(parties: [hello, legacy])
        let decision = try IssuanceDecision(request: request(appliesTo: "https://legacy.example/orders", tokenType: .saml20), registry: registry)
        #expect(decision.relyingParty?.name == "legacy")
        #expect(decision.tokenType == .saml11)
        #expect(decision.audience == "urn:legacy")
    }

    @Test func exactAddressesIgnoreSurroundingSpaceAndOneTrailingSlash() throws {
        let registry = RelyingPartyRegistry(parties: [hello])
        let decision = try IssuanceDecision(request: request(appliesTo: " http://testHost/HelloService/ "), registry: registry)
        #expect(decision.relyingParty?.name == "hello")
        #expect(decision.audience == " http://testHost/HelloService/ ")
    }

    @Test func unknownAppliesToIsRefusedWithoutADefault() throws {
        let error = try #require(throws: WSTrustError.self) {
            try IssuanceDecision(request: request(appliesTo: "https://unknown.example/"), registry: RelyingPartyRegistry(parties: [hello]))
        }
        #expect(error.code == .invalidScope)
    }

    @Test func unknownAppliesToFallsBackToTheDefaultParty() throws {
        let fallback = RelyingParty(name: "default", addresses: [], tokenType: .saml20)
        let registry = RelyingPartyRegistry(parties: [hello], defaultParty: fallback)
        let decision = try IssuanceDecision(request: request(appliesTo: "https://unknown.example/", tokenType: .saml11Namespace), registry: registry)
        #expect(decision.relyingParty?.name == "default")
        #expect(decision.tokenType == .saml11)
        #expect(decision.audience == "https://unknown.example/")
    }

    @Test func tokenTypeAloneIsHonouredWhenIssuable() throws {
        let decision = try IssuanceDecision(request: request(tokenType: .saml20Namespace), registry: RelyingPartyRegistry(parties: [hello]))
        #expect(decision.tokenType == .saml20)
        #expect(decision.relyingParty == nil)
    }

    @Test(arguments: [TokenType.jwt, TokenType(rawValue: "urn:bogus")])
    func tokenTypeAloneThatCannotBeIssuedIsRefused(_ type: TokenType) throws {
        let error = try #require(throws: WSTrustError.self) {
            try IssuanceDecision(request: request(tokenType: type), registry: RelyingPartyRegistry(parties: [hello]))
        }
        #expect(error.code == .badRequest)
    }

    @Test func neitherAppliesToNorTokenTypeIsRefused() throws {
        let error = try #require(throws: WSTrustError.self) {
            try IssuanceDecision(request: request(), registry: RelyingPartyRegistry(parties: [hello]))
        }
        #expect(error.code == .badRequest)
    }
}

struct LifetimePolicyTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let policy = LifetimePolicy(defaultLifetime: 600, maximumLifetime: 3600, clockSkew: 300)

    @Test func defaultAndPartyLifetimesStartNow() throws {
        let standard = try policy.lifetime(requested: nil, partyLifetime: nil, now: now)
        #expect(standard.created == now && standard.expires == now.addingTimeInterval(600))
        let party = try policy.lifetime(requested: nil, partyLifetime: 60, now: now)
        #expect(party.expires == now.addingTimeInterval(60))
        let capped = try policy.lifetime(requested: nil, partyLifetime: 99_999, now: now)
        #expect(capped.expires == now.addingTimeInterval(3600))
    }

    @Test func requestedLifetimeWithinTheMaximumIsKeptToTheMillisecond() throws {
        let created = now.addingTimeInterval(0.344), expires = now.addingTimeInterval(360.344)
        let lifetime = try policy.lifetime(requested: Lifetime(created: created, expires: expires), partyLifetime: nil, now: now)
        #expect(lifetime.created == created && lifetime.expires == expires)
    }

    @Test(arguments: [
        Lifetime(created: Date(timeIntervalSince1970: 1_800_000_000 + 3600), expires: nil),
        Lifetime(created: Date(timeIntervalSince1970: 1_800_000_000), expires: Date(timeIntervalSince1970: 1_800_000_000 + 7200)),
        Lifetime(created: Date(timeIntervalSince1970: 1_800_000_000 - 7200), expires: Date(timeIntervalSince1970: 1_800_000_000 - 3600)),
    ])
    func outOfBoundsLifetimesAreRefused(_ requested: Lifetime) throws {
        let error = try #require(throws: WSTrustError.self) { try policy.lifetime(requested: requested, partyLifetime: nil, now: now) }
        #expect(error.code == .invalidTimeRange)
    }
}
