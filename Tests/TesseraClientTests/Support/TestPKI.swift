import Foundation
import SecurityCore
import STS
import TesseraCrypto
import WSSecurity
import WSTrust
import X509
import TesseraTestSupport

/// The test PKI in Tests/TesseraTestSupport/Fixtures. TEST KEYS ONLY.
enum TestPKI {
    static let fixtures = TesseraTestEnvironment.fixtures

    static func path(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

    static func pem(_ name: String) throws -> String {
        try String(contentsOf: fixtures.appendingPathComponent(name), encoding: .utf8)
    }

    static func certificate(_ name: String) throws -> Certificate {
        try Certificate(pemEncoded: pem("\(name).cert.pem"))
    }

    static func credential(_ name: String) throws -> X509Credential {
        X509Credential(privateKey: try PrivateKey(pemRepresentation: pem("\(name).key.pem")), certificate: try certificate(name))
    }
}

/// The token service of the token-transformation scenario, configured as Tests/STSTests configure
/// it: the gateway may delegate, http://testHost/HelloService is a SAML 2.0 relying party, issuer
/// name https://sts.tessera.test, NameQualifier "STS".
enum TestSTS {
    static let helloService = "http://testHost/HelloService"
    static let issuerName = "https://sts.tessera.test"

    static func service(signResponses: Bool = true) throws -> SecurityTokenService {
        var inbound = InboundSecurityConfiguration(trustStore: X509TrustStore(anchors: [try TestPKI.certificate("ca")]))
        inbound.replayCache = InMemoryReplayCache()
        var configuration = STSConfiguration(
            issuerName: issuerName, signingCredential: try TestPKI.credential("sts"),
            relyingParties: RelyingPartyRegistry(parties: [RelyingParty(name: "hello", addresses: [.exact(helloService)])]),
            inbound: inbound,
            requestors: [TrustedRequestor(name: "gateway", certificate: try TestPKI.certificate("gateway"), mayDelegate: true)])
        configuration.nameQualifier = "STS"
        configuration.lifetimes = LifetimePolicy(defaultLifetime: 360, maximumLifetime: 3600)
        configuration.signResponses = signResponses
        return SecurityTokenService(configuration: configuration)
    }
}
