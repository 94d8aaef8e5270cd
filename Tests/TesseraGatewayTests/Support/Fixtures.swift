import Foundation
import SecurityCore
import STS
import TesseraCrypto
import TesseraGateway
import WSSecurity
import X509
@testable import TesseraServer
import TesseraTestSupport

/// The test PKI in Tests/TesseraTestSupport/Fixtures (TEST KEYS ONLY).
enum Fixtures {
    static let directory = TesseraTestEnvironment.fixtures

    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    static func certificate(_ name: String) -> Certificate {
        try! Certificate(pemEncoded: String(contentsOfFile: path("\(name).cert.pem"), encoding: .utf8))
    }

    static func credential(_ name: String) -> X509Credential {
        let key = try! String(contentsOfFile: path("\(name).key.pem"), encoding: .utf8)
        return X509Credential(privateKey: try! PrivateKey(pemRepresentation: key), certificate: certificate(name))
    }

    /// The provider's address, and the AppliesTo tokens are issued for.
    static let helloService = "http://testHost/HelloService"
    /// Another relying party of the STS, whose tokens HelloService must refuse.
    static let otherService = "http://testHost/OtherService"
    /// A relying party of the STS that takes a UsernameToken identity assertion.
    static let legacyService = "http://testHost/LegacyService"
    static let bobPassword = "b0b's digest pässword"

    /// The STS of the scenario over the test PKI: its key, the test CA as anchor, the gateway as
    /// a delegating requestor, HelloService (and OtherService) as sender-vouches SAML 2.0 relying
    /// parties, LegacyService as a UsernameToken relying party (names of `consumer.example` mapped
    /// to `provider.example`), bob, who authenticates with a PasswordDigest (his password sealed under
    /// `digestKeyPath`), and the sample HelloService hosted on `/hello`, trusting the gateway.
    static func stsConfiguration(port: Int = 0, digestKeyPath: String) throws -> ServerConfiguration {
        var configuration = ServerConfiguration(
            identity: .init(
                issuer: "https://sts.tessera.test", nameQualifier: "STS", signingKey: path("sts.key.pem"), signingCertificate: path("sts.cert.pem")))
        configuration.listen = .init(host: "127.0.0.1", port: port)
        configuration.trustAnchors = [path("ca.cert.pem")]
        configuration.requestors = [.init(name: "gateway", certificate: path("gateway.cert.pem"), mayDelegate: true)]
        var hello = ServerConfiguration.RelyingPartyEntry(name: "hello", appliesTo: [.exact(helloService)])
        hello.lifetimeSeconds = 600
        var other = ServerConfiguration.RelyingPartyEntry(name: "other", appliesTo: [.exact(otherService)])
        other.lifetimeSeconds = 600
        var legacy = ServerConfiguration.RelyingPartyEntry(name: "legacy", appliesTo: [.exact(legacyService)], tokenType: .usernameToken)
        legacy.lifetimeSeconds = 300
        configuration.relyingParties = [hello, other, legacy]
        // Consumers' names in the partner domain: `<name>@consumer.example` is `<name>@provider.example` there.
        configuration.identityMapping = [.init(realm: "gateway", names: [.replaceSuffix("@consumer.example", with: "@provider.example")])]
        configuration.helloService = .init(audiences: [helloService], gatewayCertificates: [path("gateway.cert.pem")])
        // The test chain runs over plain HTTP on loopback; a deployment's gateway reaches its
        // STS over TLS, where a PasswordDigest needs no exception.
        configuration.security.INSECURE_acceptPasswordDigestWithoutTLS = true
        let (key, _) = try DigestKeyFile.loadOrCreate(at: digestKeyPath)
        configuration.usersDigestKey = digestKeyPath
        configuration.users = [
            ServerConfiguration.User(
                name: "bob", passwordHash: try PasswordHash.make(password: bobPassword, parameters: .minimum).phcString,
                digestPassword: try SealedPassword.seal(password: bobPassword, username: "bob", key: key).sealedString)
        ]
        return configuration
    }

    /// A gateway over the test PKI on a free loopback port with one route per form: `/hello`
    /// (identity assertions from `trustedNetworks`) and `/hello-password`, both to `provider`.
    /// The routes' timeout is long enough for an STS call on a machine running the whole suite
    /// at once; tests of the timeout itself set a short one.
    static func gatewayConfiguration(
        sts: String, provider: String, trustedNetworks: [String] = ["127.0.0.0/8"],
        timeoutSeconds: Int = 30, cache: GatewayConfiguration.Cache = .init()
    ) -> GatewayConfiguration {
        func route(_ name: String, _ path: String, _ inbound: GatewayConfiguration.Inbound) -> GatewayConfiguration.Route {
            var route = GatewayConfiguration.Route(
                name: name, path: path, provider: provider,
                sts: .init(endpoint: sts, certificate: Self.path("sts.cert.pem")), inbound: inbound)
            route.appliesTo = helloService
            route.tokenType = "saml2.0"
            route.timeoutSeconds = timeoutSeconds
            return route
        }
        var configuration = GatewayConfiguration(
            credential: .init(key: path("gateway.key.pem"), certificate: path("gateway.cert.pem")),
            routes: [
                route("hello", "/hello", .init(form: "identity-assertion", trustedNetworks: trustedNetworks)),
                route("hello-password", "/hello-password", .init(form: "password")),
            ])
        configuration.listen = .init(host: "127.0.0.1", port: 0)
        configuration.cache = cache
        return configuration
    }

    /// A scratch directory removed after `body`.
    static func withScratchDirectory<T>(_ body: (URL) async throws -> T) async throws -> T {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-gateway-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        return try await body(scratch)
    }
}
