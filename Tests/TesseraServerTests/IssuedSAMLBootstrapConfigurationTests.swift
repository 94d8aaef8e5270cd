import Foundation
import STS
import SecureConversation
import Testing
import WSSecurity
@testable import TesseraServer

/// `secureConversation.bootstrap: issued-saml`: its `issuedSAML` section is read, checked with
/// field-named errors, and becomes the hosted service's SAML bootstrap with the issuers'
/// certificates read from their PEM files.
struct IssuedSAMLBootstrapConfigurationTests {
    func problems(_ yaml: String) -> [String] {
        do {
            _ = try ServerConfiguration(yaml: ServerConfigurationTests.identity + yaml, baseDirectory: "/etc/tessera")
            return []
        } catch {
            return error.issues.map(\.description)
        }
    }

    @Test func theSectionIsRead() throws {
        let configuration = try ServerConfiguration(
            yaml: ServerConfigurationTests.identity + """
                tls: {certificate: tls.pem, key: tls.key}
                secureConversation:
                  bootstrap: issued-saml
                  issuedSAML:
                    issuers:
                      - name: https://sts.example
                        certificates: [sts.cert.pem]
                      - name: https://idp.example
                        certificates: [idp-a.pem, idp-b.pem]
                        acceptBearer: true
                    audiences: [https://services.example/echo]
                """, baseDirectory: "/")
        let section = try #require(configuration.secureConversation)
        #expect(section.bootstrap == .issuedSAML)
        let saml = try #require(section.issuedSAML)
        #expect(
            saml.issuers == [
                .init(name: "https://sts.example", certificates: ["sts.cert.pem"]),
                .init(name: "https://idp.example", certificates: ["idp-a.pem", "idp-b.pem"], acceptBearer: true),
            ])
        #expect(saml.audiences == ["https://services.example/echo"])
    }

    @Test func mistakesAreNamedByField() {
        #expect(
            problems("secureConversation:\n  bootstrap: issued-saml\n") == [
                "secureConversation.issuedSAML: issued-saml needs the issuers whose assertions are accepted"
            ])
        #expect(
            problems("secureConversation:\n  issuedSAML: {issuers: []}\n") == [
                "secureConversation.issuedSAML: is used only with bootstrap: issued-saml"
            ])
        #expect(
            problems(
                """
                secureConversation:
                  bootstrap: issued-saml
                  requireEncryptedEntropy: false
                  issuedSAML:
                    issuers:
                      - name: https://idp.example
                        certificates: [idp.pem]
                        acceptBearer: true
                      - name: https://idp.example
                      - certificates: [other.pem]

                """) == [
                    "secureConversation.requireEncryptedEntropy: applies to the x509 bootstrap only",
                    "secureConversation.issuedSAML.issuers[0].acceptBearer: bearer assertions need tls (or listen.trustedProxies for a TLS-terminating proxy)",
                    "secureConversation.issuedSAML.issuers[1].name: names https://idp.example twice",
                    "secureConversation.issuedSAML.issuers[1].certificates: must name at least one PEM certificate file",
                    "secureConversation.issuedSAML.issuers[2].name: must be the Issuer its assertions carry",
                    "secureConversation.issuedSAML.audiences: must name the audience assertions are issued for (or set publicBaseURL)",
                ])
        #expect(
            problems("secureConversation:\n  bootstrap: issued-saml\n  issuedSAML: {issuers: [], audiences: []}\n") == [
                "secureConversation.issuedSAML.issuers: must name at least one issuer",
                "secureConversation.issuedSAML.audiences: must name at least one non-empty audience",
            ])
        #expect(
            problems("secureConversation:\n  bootstrap: issued-saml\n  issuedSAML: {issuer: x}\n") == [
                "secureConversation.issuedSAML.issuer: unknown field"
            ])
    }

    @Test func bearerIsAcceptedBehindAnHTTPSProxy() {
        #expect(
            problems(
                """
                publicBaseURL: https://services.example
                listen: {trustedProxies: ["::1"]}
                secureConversation:
                  bootstrap: issued-saml
                  issuedSAML:
                    issuers: [{name: https://idp.example, certificates: [idp.pem], acceptBearer: true}]

                """) == [])
    }

    @Test func theHostedServiceTrustsTheNamedIssuersForTheAudience() throws {
        var configuration = TestPKI.configuration()
        configuration.publicBaseURL = "https://services.example/"
        configuration.listen.trustedProxies = ["127.0.0.1"]
        var section = ServerConfiguration.SecureConversation()
        section.bootstrap = .issuedSAML
        section.issuedSAML = .init(issuers: [
            .init(name: "https://sts.tessera.test", certificates: [TestPKI.path("sts.cert.pem")]),
            .init(name: "https://idp.example", certificates: [TestPKI.path("service.cert.pem")], acceptBearer: true),
        ])
        configuration.secureConversation = section
        try configuration.validate()
        let sts = try STSConfiguration(configuration)
        let hosted = try #require(
            try SecureConversationServiceConfiguration.hosted(
                by: configuration, tokenService: sts, contexts: InMemorySecurityContextStore(), revocations: InMemorySecurityContextRevocationList()))
        guard case .issuedSAML(let saml) = hosted.bootstrap else {
            Issue.record("not the issued-saml bootstrap: \(hosted.bootstrap)")
            return
        }
        #expect(saml.issuers.map(\.name) == ["https://sts.tessera.test", "https://idp.example"])
        #expect(saml.issuers.map(\.certificates) == [[TestPKI.credential("sts").certificate], [TestPKI.credential("service").certificate]])
        #expect(saml.issuers.map(\.acceptsBearer) == [false, true])
        // The STS's own issuer is asked about in its token store; the other issuer's assertions are not there.
        #expect(sts.issuerName == "https://sts.tessera.test")
        #expect(saml.issuers.map { $0.status is TokenStoreAssertionStatus } == [true, false])
        // No audiences configured: the echo service's public address.
        #expect(saml.audiences == ["https://services.example/echo"])

        section.issuedSAML?.audiences = ["urn:tessera:echo"]
        section.issuedSAML?.issuers[1].certificates = [TestPKI.path("missing.cert.pem")]
        configuration.secureConversation = section
        let error = try #require(throws: ConfigurationError.self) {
            try SecureConversationServiceConfiguration.hosted(
                by: configuration, tokenService: sts, contexts: InMemorySecurityContextStore(), revocations: InMemorySecurityContextRevocationList())
        }
        #expect(error.issues.map(\.field) == ["secureConversation.issuedSAML.issuers[1].certificates[0]"])
    }
}
