import Foundation
import STS
import Testing
@testable import TesseraServer

/// The hardening settings of the YAML file: per relying party authorization, the delegation
/// section and the security exceptions decode into the token service's rules, and bad values
/// are refused naming the field.
struct AuthorizationConfigurationTests {
    static let identity = ServerConfigurationTests.identity

    func problems(_ yaml: String) -> [String] {
        do {
            _ = try ServerConfiguration(yaml: Self.identity + yaml, baseDirectory: "/etc/tessera")
            return []
        } catch {
            return error.issues.map(\.description)
        }
    }

    @Test func authorizationAndExceptionsDecode() throws {
        let configuration = try ServerConfiguration(
            yaml: Self.identity + """
                requestors:
                  - {name: gateway, certificate: gateway.cert.pem}
                relyingParties:
                  - name: hello
                    appliesTo: [{exact: "http://testHost/HelloService"}]
                    authorization:
                      requestors: [gateway, "user:alice"]
                      subjects:
                        - {realm: corp}
                        - {attribute: role, values: [staff]}
                security:
                  INSECURE_acceptSHA1Signatures: true
                  INSECURE_acceptPasswordDigestWithoutTLS: true
                  tokenStatusAuditors: [gateway]
                delegation:
                  certificateAnchors: [partners-ca.pem]
                  assertionAudiences: ["https://gateway.example"]
                """, baseDirectory: "/etc/tessera")
        let party = try #require(configuration.relyingParties.first)
        #expect(party.authorization?.requestors == ["gateway", "user:alice"])
        let rule = try #require(party.authorization?.rule)
        #expect(rule.requestors == ["gateway", "user:alice"])
        #expect(rule.subjects == [.init(realm: "corp"), .init(attribute: "role", values: ["staff"])])
        #expect(configuration.security.INSECURE_acceptSHA1Signatures)
        #expect(configuration.security.INSECURE_acceptPasswordDigestWithoutTLS)
        #expect(configuration.security.tokenStatusAuditors == ["gateway"])
        #expect(configuration.delegation.certificateAnchors == ["partners-ca.pem"])
        #expect(configuration.delegation.assertionAudiences == ["https://gateway.example"])
    }

    @Test func theDefaultsAreTheSafeOnes() throws {
        let configuration = try ServerConfiguration(yaml: Self.identity, baseDirectory: "/etc/tessera")
        #expect(!configuration.security.INSECURE_acceptSHA1Signatures)
        #expect(!configuration.security.INSECURE_acceptPasswordDigestWithoutTLS)
        #expect(configuration.delegation.certificateAnchors.isEmpty)
    }

    @Test func badAuthorizationRulesNameTheField() {
        #expect(
            problems(
                """
                relyingParties:
                  - name: hello
                    appliesTo: [{exact: "urn:hello"}]
                    authorization:
                      requestors: [nobody]
                      subjects:
                        - {values: [x]}
                        - {attribute: role}
                """) == [
                    "relyingParties[0].authorization.subjects[0]: must give a realm, an attribute, or both",
                    "relyingParties[0].authorization.subjects[0].values: needs an attribute",
                    "relyingParties[0].authorization.subjects[1].values: must list the values the attribute may have",
                    "relyingParties[0].authorization.requestors[0]: 'nobody' is not a configured requestor",
                ])
        #expect(problems("delegation:\n  anchors: [x.pem]\n") == ["delegation.anchors: unknown field"])
    }
}
