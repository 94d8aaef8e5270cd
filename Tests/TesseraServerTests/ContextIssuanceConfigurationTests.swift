import Foundation
import STS
import Testing
@testable import TesseraServer

/// `relyingParties[i].securityContexts`: decoded strictly into the STS's relying party, and
/// refused, naming the field, without the `secureConversation` section whose settings it uses.
struct ContextIssuanceConfigurationTests {
    static let party = """
        relyingParties:
          - name: echo
            appliesTo: [{exact: "https://services.tessera.test/echo"}]
            securityContexts: true

        """

    @Test func securityContextsDecodesIntoTheRelyingParty() throws {
        let configuration = try ServerConfiguration(
            yaml: ServerConfigurationTests.identity + Self.party + "secureConversation: {}\n", baseDirectory: "/etc/tessera")
        #expect(configuration.relyingParties[0].securityContexts)
        #expect(RelyingParty(configuration.relyingParties[0]).issuesSecurityContexts)
        let other = try ServerConfiguration(
            yaml: ServerConfigurationTests.identity + """
                relyingParties:
                  - name: hello
                    appliesTo: [{exact: "http://testHost/HelloService"}]

                """, baseDirectory: "/etc/tessera")
        #expect(!RelyingParty(other.relyingParties[0]).issuesSecurityContexts)
    }

    @Test func securityContextsNeedsTheSecureConversationSection() {
        #expect(throws: ConfigurationError.self) {
            try ServerConfiguration(yaml: ServerConfigurationTests.identity + Self.party, baseDirectory: "/etc/tessera")
        }
        do {
            _ = try ServerConfiguration(yaml: ServerConfigurationTests.identity + Self.party, baseDirectory: "/etc/tessera")
        } catch {
            #expect(error.issues.map(\.description).contains { $0.hasPrefix("relyingParties[0].securityContexts") })
        }
    }

    @Test func aMistypedFieldIsRefusedByName() {
        let yaml = ServerConfigurationTests.identity + Self.party.replacingOccurrences(of: "securityContexts", with: "securityContext")
        do {
            _ = try ServerConfiguration(yaml: yaml + "secureConversation: {}\n", baseDirectory: "/etc/tessera")
            Issue.record("an unknown field was accepted")
        } catch {
            #expect(error.issues.map(\.description).contains { $0.contains("securityContext") })
        }
    }
}
