import Foundation
import SecureConversation
import STS
import StoreProtocols
import Testing
@testable import TesseraServer

/// The `secureConversation.renewal` and `secureConversation.amendment` sections: strict, checked
/// by field, and mapped to the hosted service's renewal and amendment policies.
struct SecureConversationLifecycleConfigurationTests {
    func problems(_ yaml: String) -> [String] {
        do {
            _ = try ServerConfiguration(yaml: ServerConfigurationTests.identity + yaml, baseDirectory: "/etc/tessera")
            return []
        } catch {
            return error.issues.map(\.description)
        }
    }

    @Test func theDefaultsRenewUntilExpiryAndAmend() throws {
        let configuration = try ServerConfiguration(yaml: ServerConfigurationTests.identity + "secureConversation: {}\n", baseDirectory: "/")
        let section = try #require(configuration.secureConversation)
        #expect(section.renewal == .init(enabled: true, expiredWindowSeconds: 0))
        #expect(section.amendment == .init(enabled: true, maximumClaims: 16))
    }

    @Test func everyFieldIsReadAndMapped() throws {
        let yaml = """
            secureConversation:
              renewal: {enabled: true, expiredWindowSeconds: 120}
              amendment: {enabled: true, maximumClaims: 3}

            """
        let configuration = try ServerConfiguration(yaml: ServerConfigurationTests.identity + yaml, baseDirectory: "/")
        #expect(configuration.secureConversation?.renewal == .init(enabled: true, expiredWindowSeconds: 120))
        let hosted = try #require(try Self.hosted(TestPKI.configuration(applying: configuration.secureConversation)))
        #expect(hosted.renewal == ContextRenewalPolicy(allowed: true, expiredWindow: 120))
        #expect(hosted.amendment?.maximumClaims == 3)

        var off = TestPKI.configuration()
        off.secureConversation = .init()
        off.secureConversation?.renewal.enabled = false
        off.secureConversation?.amendment.enabled = false
        let hostedOff = try #require(try Self.hosted(off))
        #expect(hostedOff.renewal.allowed == false)
        #expect(hostedOff.amendment == nil)
    }

    @Test func unknownFieldsAreRefusedByField() {
        #expect(problems("secureConversation:\n  renewal: {window: 5}\n") == ["secureConversation.renewal.window: unknown field"])
        #expect(problems("secureConversation:\n  amendment: {claims: 5}\n") == ["secureConversation.amendment.claims: unknown field"])
    }

    @Test func inconsistentValuesAreNamed() {
        #expect(
            problems("secureConversation:\n  renewal: {expiredWindowSeconds: -1}\n") == [
                "secureConversation.renewal.expiredWindowSeconds: must be between 0 and 86400"
            ])
        #expect(
            problems("secureConversation:\n  renewal: {enabled: false, expiredWindowSeconds: 60}\n") == [
                "secureConversation.renewal.expiredWindowSeconds: applies only when secureConversation.renewal.enabled is true"
            ])
        #expect(problems("secureConversation:\n  amendment: {maximumClaims: 0}\n") == ["secureConversation.amendment.maximumClaims: must be between 1 and 32"])
    }

    static func hosted(_ configuration: ServerConfiguration) throws -> SecureConversationServiceConfiguration? {
        try SecureConversationServiceConfiguration.hosted(
            by: configuration, tokenService: try STSConfiguration(configuration), contexts: InMemorySecurityContextStore(),
            revocations: InMemorySecurityContextRevocationList())
    }
}

extension TestPKI {
    /// The test configuration with `section` as its `secureConversation`.
    static func configuration(applying section: ServerConfiguration.SecureConversation?) -> ServerConfiguration {
        var configuration = configuration()
        configuration.secureConversation = section
        return configuration
    }
}
