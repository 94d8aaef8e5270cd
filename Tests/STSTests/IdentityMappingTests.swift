import Foundation
import Testing
import WSTrust
@testable import STS

/// Identity mapping between realms: the first rule for the realm renames the subject and the
/// attributes and adds attributes.
struct IdentityMappingTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func identity(_ name: String, realm: String, attributes: [IdentityAttribute] = []) -> AuthenticatedIdentity {
        AuthenticatedIdentity(name: name, realm: realm, authentication: .password, authenticationInstant: now, attributes: attributes)
    }

    let mapping = IdentityMapping(rules: [
        .init(
            realm: "corp", names: [.exact("admin", to: "corp-administrator"), .replaceSuffix("@corp.example", with: "@partner.example")],
            attributeNames: ["role": "http://schemas.example/claims/role", "group": "http://schemas.example/claims/role"],
            addedAttributes: [IdentityAttribute(name: "realm", values: ["corp"])]),
        .init(realm: "legacy", names: [.replacePrefix("CORP\\", with: "")]),
        .init(realm: nil, addedAttributes: [IdentityAttribute(name: "mapped-by", values: ["default"])]),
    ])

    @Test func suffixIsReplacedAndAttributesRenamedMergedAndAdded() throws {
        let mapped = try mapping.map(
            identity(
                "jdoe@corp.example", realm: "corp",
                attributes: [
                    IdentityAttribute(name: "role", values: ["reader"]), IdentityAttribute(name: "group", values: ["staff"]),
                    IdentityAttribute(name: "mail", values: ["jdoe@corp.example"]),
                ]))
        #expect(mapped.name == "jdoe@partner.example")
        #expect(
            mapped.attributes == [
                IdentityAttribute(name: "http://schemas.example/claims/role", values: ["reader", "staff"]),
                IdentityAttribute(name: "mail", values: ["jdoe@corp.example"]),
                IdentityAttribute(name: "realm", values: ["corp"]),
            ])
        #expect(mapped.realm == "corp" && mapped.authentication == .password)
    }

    @Test func theFirstApplicableRewriteWins() throws {
        #expect(try mapping.map(identity("admin", realm: "corp")).name == "corp-administrator")
        #expect(try mapping.map(identity("someone@elsewhere.example", realm: "corp")).name == "someone@elsewhere.example")
    }

    @Test func prefixIsReplacedAndOnlyTheFirstMatchingRuleApplies() throws {
        let mapped = try mapping.map(identity("CORP\\jdoe", realm: "legacy"))
        #expect(mapped.name == "jdoe")
        #expect(mapped.attributes.isEmpty)
    }

    @Test func aRuleWithoutRealmCatchesTheRest() throws {
        let mapped = try mapping.map(identity("CORP\\jdoe", realm: "idp"))
        #expect(mapped.name == "CORP\\jdoe")
        #expect(mapped.attributes == [IdentityAttribute(name: "mapped-by", values: ["default"])])
    }

    @Test func noRuleLeavesTheIdentityAlone() throws {
        let original = identity("jdoe", realm: "corp", attributes: [IdentityAttribute(name: "role", values: ["x"])])
        #expect(try IdentityMapping().map(original) == original)
    }

    @Test func aRewriteToAnEmptyNameIsRefused() throws {
        let mapping = IdentityMapping(rules: [.init(realm: nil, names: [.replaceSuffix("@corp.example", with: "")])])
        let error = try #require(throws: WSTrustError.self) { try mapping.map(self.identity("@corp.example", realm: "corp")) }
        #expect(error.code == .requestFailed)
    }
}
