import Foundation
import SAML
import STS
import Testing
import WSTrust
@testable import TesseraServer

/// The configuration file becomes the token service's configuration, with file problems named
/// by field.
struct STSConfigurationMappingTests {
    @Test func testPKIConfigurationMapsEveryField() throws {
        var configuration = TestPKI.configuration()
        configuration.identity.signResponses = false
        configuration.lifetimes = .init(defaultSeconds: 600, maximumSeconds: 7200)
        configuration.security = .init(clockSkewSeconds: 120, timestampMaxAgeSeconds: 900)
        configuration.relyingParties = [
            .init(
                name: "hello", appliesTo: [.prefix("http://testHost/")], tokenType: .saml11,
                lifetimeSeconds: 300, nameIDFormat: "persistent", confirmation: .bearer)
        ]
        configuration.defaultRelyingParty = "hello"
        let sts = try STSConfiguration(configuration)
        #expect(sts.issuerName == "https://sts.tessera.test")
        #expect(sts.nameQualifier == "STS")
        #expect(!sts.signResponses)
        #expect(sts.signingCredential.certificate == TestPKI.credential("sts").certificate)
        #expect(sts.requestors.map(\.name) == ["gateway"])
        #expect(sts.requestors.first?.mayDelegate == true)
        #expect(sts.lifetimes == LifetimePolicy(defaultLifetime: 600, maximumLifetime: 7200, clockSkew: 120))
        #expect(sts.inbound.clockSkew == 120)
        #expect(sts.inbound.timestampMaxAge == 900)
        let party = try #require(sts.relyingParties.party(for: "http://testHost/HelloService"))
        #expect(party.tokenType == .saml11)
        #expect(party.lifetime == 300)
        #expect(party.nameIDFormat == .persistent)
        #expect(party.confirmation == .bearer)
        #expect(sts.relyingParties.defaultParty?.name == "hello")
        #expect(sts.inbound.trustStore?.anchors.count == 1)
    }

    @Test func keyOfAnotherCertificateIsNamed() {
        var configuration = TestPKI.configuration()
        configuration.identity.signingKey = TestPKI.path("gateway.key.pem")
        #expect(throws: ConfigurationError.self) { _ = try STSConfiguration(configuration) }
        do {
            _ = try STSConfiguration(configuration)
        } catch {
            #expect(error.issues.map(\.field) == ["identity.signingKey"])
            #expect(error.issues.first?.problem.contains("is not the key of the certificate") == true)
        }
    }

    @Test func everyUnreadableFileIsNamed() {
        var configuration = TestPKI.configuration()
        configuration.trustAnchors = [TestPKI.path("ca.cert.pem"), "missing-anchor.pem"]
        configuration.requestors.append(.init(name: "other", certificate: TestPKI.path("gateway.key.pem")))
        configuration.baseDirectory = "/nonexistent"
        do {
            _ = try STSConfiguration(configuration)
            Issue.record("missing files were accepted")
        } catch {
            #expect(error.issues.map(\.field) == ["trustAnchors[1]", "requestors[1].certificate"])
            #expect(error.issues.first?.problem == "cannot read '/nonexistent/missing-anchor.pem'")
            #expect(error.issues.last?.problem.hasSuffix("holds no PEM certificate") == true)
        }
    }
}
