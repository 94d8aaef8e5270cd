import Foundation
import SAML
import Testing
import WSTrust
import XMLCore
import XMLSecurity
@testable import STS

/// The relying party's claim rules decide which attributes a token carries: constants, values of
/// the subject's (mapped) attributes, and nothing that no rule releases.
struct ClaimReleaseTests {
    static let email = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress"

    static func party(_ tokenType: TokenType) -> RelyingParty {
        var party = Issuing.party(tokenType: tokenType)
        party.claims = [
            ClaimRule(name: email, source: .subjectAttribute("mail")),
            ClaimRule(name: "role", source: .constant(["reader"])),
            .passThrough("department"),
            ClaimRule(name: "role", source: .subjectAttribute("groups")),
            .passThrough("absent"),
        ]
        return party
    }

    static func subject(_ now: Date) -> IssuedSubject {
        IssuedSubject(
            name: "jdoe", authenticationInstant: now,
            attributes: [
                ("mail", ["jdoe@example.com"]), ("department", ["R&D"]), ("groups", ["reader", "writer"]), ("secret", ["do not tell"]),
            ])
    }

    @Test func saml2AttributesFollowTheRules() async throws {
        let issuing = Issuing(party: Self.party(.saml20))
        let (_, rstr, _) = try await issuing.issue(Issuing.request(keyType: nil), subject: Self.subject(issuing.now))
        let assertion = try SAML2.Assertion(element: try #require(rstr.requestedSecurityToken))
        let attributes = try #require(assertion.attributeStatements.first).attributes
        #expect(attributes.map(\.name) == [Self.email, "role", "department"])
        #expect(attributes[0].values == ["jdoe@example.com"])
        #expect(attributes[0].nameFormat == .uri)
        #expect(attributes[1].values == ["reader", "writer"])
        #expect(attributes[1].nameFormat == .basic)
        #expect(attributes[2].values == ["R&D"])
    }

    @Test func saml11SplitsClaimURIsIntoNamespaceAndName() async throws {
        let issuing = Issuing(party: Self.party(.saml11))
        let (_, rstr, _) = try await issuing.issue(Issuing.request(keyType: nil), subject: Self.subject(issuing.now))
        let assertion = try SAML1.Assertion(element: try #require(rstr.requestedSecurityToken))
        let attributes = try #require(assertion.attributeStatements.first).attributes
        #expect(
            attributes.map(\.namespace) == [
                "http://schemas.xmlsoap.org/ws/2005/05/identity/claims",
                SAMLTokenIssuer.defaultAttributeNamespace, SAMLTokenIssuer.defaultAttributeNamespace,
            ])
        #expect(attributes.map(\.name) == ["emailaddress", "role", "department"])
    }

    @Test func withoutRulesNoAttributeIsDisclosed() async throws {
        let issuing = Issuing(party: Issuing.party())
        let (_, rstr, _) = try await issuing.issue(Issuing.request(keyType: nil), subject: Self.subject(issuing.now))
        let assertion = try SAML2.Assertion(element: try #require(rstr.requestedSecurityToken))
        #expect(assertion.attributeStatements.isEmpty)
    }
}
