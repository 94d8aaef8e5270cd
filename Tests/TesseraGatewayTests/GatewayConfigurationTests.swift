import Foundation
import Testing
import TesseraServer
@testable import TesseraGateway

/// The gateway's YAML configuration: strict keys, errors naming their fields, paths relative to
/// the file, and the development defaults.
struct GatewayConfigurationTests {
    static func yaml(extraRouteField: String = "", network: String = "127.0.0.0/8", provider: String = "http://127.0.0.1:8082/hello") -> String {
        """
        credential:
          key: gateway.key.pem
          certificate: gateway.cert.pem
        routes:
          - name: hello
            path: /hello
            provider: \(provider)
            sts:
              endpoint: http://127.0.0.1:8080/sts
              certificate: sts.cert.pem
            inbound:
              form: identity-assertion
              trustedNetworks: ["\(network)"]
        \(extraRouteField)
        """
    }

    @Test func aValidFileResolvesPathsAgainstItsDirectory() throws {
        let configuration = try GatewayConfiguration(yaml: Self.yaml(), baseDirectory: Fixtures.directory.path)
        #expect(configuration.listen.port == 8081)
        #expect(configuration.routes[0].effectiveAppliesTo == "http://127.0.0.1:8082/hello")
        let settings = try configuration.settings()
        #expect(settings.credential.certificate == Fixtures.certificate("gateway"))
        #expect(settings.routes[0].stsCertificate == Fixtures.certificate("sts"))
        #expect(settings.routes[0].trustVersion == .v13)
    }

    @Test func anUnknownFieldIsRefusedByName() {
        #expect {
            try GatewayConfiguration(yaml: Self.yaml(extraRouteField: "    timeoutSecond: 3"), baseDirectory: Fixtures.directory.path)
        } throws: { error in
            (error as? ConfigurationError)?.issues.first?.field == "routes[0].timeoutSecond"
        }
    }

    @Test func everyFaultyFieldIsNamed() {
        #expect {
            try GatewayConfiguration(yaml: Self.yaml(network: "10.0.0.0/33", provider: "ftp://x"), baseDirectory: Fixtures.directory.path)
        } throws: { error in
            let fields = Set((error as? ConfigurationError)?.issues.map(\.field) ?? [])
            return fields == ["routes[0].provider", "routes[0].inbound.trustedNetworks[0]", "routes[0].inbound"]
        }
    }

    /// The gateway's signature reaches the assertion through an STR and the STR Dereference
    /// Transform unless a route asks for the direct reference; anything else is named.
    @Test func theAssertionReferenceIsTheSTRTransformUnlessARouteSaysDirect() throws {
        let defaulted = try GatewayConfiguration(yaml: Self.yaml(), baseDirectory: Fixtures.directory.path)
        #expect(defaulted.routes[0].outbound.assertionReference == "str-transform")
        #expect(try defaulted.settings().routes[0].signingForm == .strTransform)
        #expect(
            GatewayConfiguration.development(dataDirectory: DataDirectory(path: Fixtures.directory.path)).routes[0].outbound.assertionReference
                == "str-transform")

        let direct = try GatewayConfiguration(
            yaml: Self.yaml(extraRouteField: "    outbound:\n      assertionReference: direct"),
            baseDirectory: Fixtures.directory.path)
        #expect(try direct.settings().routes[0].signingForm == .direct)

        #expect {
            try GatewayConfiguration(yaml: Self.yaml(extraRouteField: "    outbound:\n      assertionReference: by-id"), baseDirectory: Fixtures.directory.path)
        } throws: { error in
            let issue = (error as? ConfigurationError)?.issues.first
            return issue?.field == "routes[0].outbound.assertionReference" && issue?.problem == "must be str-transform or direct"
        }
    }

    @Test func aMissingFileIsNamedWithItsField() {
        #expect {
            try GatewayConfiguration(yaml: Self.yaml(), baseDirectory: "/nonexistent")
        } throws: { error in
            let fields = Set((error as? ConfigurationError)?.issues.map(\.field) ?? [])
            return fields.isSuperset(of: ["credential.key", "credential.certificate", "routes[0].sts.certificate"])
        }
    }

    /// The certificates an https STS must chain to are read from their files; on an http
    /// endpoint they would protect nothing, which is a mistake worth naming.
    @Test func stsTLSCertificateAuthoritiesAreReadAndNeedHTTPS() throws {
        var configuration = try GatewayConfiguration(yaml: Self.yaml(), baseDirectory: Fixtures.directory.path)
        configuration.routes[0].sts.endpoint = "https://127.0.0.1:8443/sts"
        configuration.routes[0].sts.tlsCertificateAuthorities = ["ca.cert.pem"]
        #expect(try configuration.settings().routes[0].stsTLSRoots == [Fixtures.certificate("ca")])
        configuration.routes[0].sts.tlsCertificateAuthorities = ["missing.cert.pem"]
        #expect { try configuration.settings() } throws: { error in
            (error as? ConfigurationError)?.issues.map(\.field) == ["routes[0].sts.tlsCertificateAuthorities[0]"]
        }
        configuration.routes[0].sts.endpoint = "http://127.0.0.1:8080/sts"
        configuration.routes[0].sts.tlsCertificateAuthorities = ["ca.cert.pem"]
        #expect { try configuration.settings() } throws: { error in
            (error as? ConfigurationError)?.issues.map(\.description) == ["routes[0].sts.tlsCertificateAuthorities: needs an https endpoint"]
        }
    }

    @Test func theDevelopmentConfigurationUsesTheDataDirectory() throws {
        let configuration = GatewayConfiguration.development(dataDirectory: DataDirectory(path: Fixtures.directory.path))
        #expect(configuration.listen == .init(host: "127.0.0.1", port: 8081))
        #expect(configuration.routes.map(\.path) == ["/hello"])
        #expect(configuration.routes[0].sts.endpoint == "http://127.0.0.1:8080/sts")
        #expect(configuration.routes[0].effectiveAppliesTo == GatewayConfiguration.developmentAppliesTo)
        #expect(configuration.resolvedPath("gateway.key.pem") == Fixtures.path("gateway.key.pem"))
        try configuration.validate()
    }

    @Test func networksMatchTheirAddressesOnly() throws {
        let loopback = try #require(IPNetwork("127.0.0.0/8"))
        #expect(loopback.contains("127.0.0.1"))
        #expect(loopback.contains("::ffff:127.0.0.2"))
        #expect(!loopback.contains("128.0.0.1"))
        #expect(!loopback.contains("::1"))
        let v6 = try #require(IPNetwork("fd00::/8"))
        #expect(v6.contains("fd12:3456::1"))
        #expect(!v6.contains("fe80::1"))
        #expect(IPNetwork("10.1.2.3")?.contains("10.1.2.3") == true)
        #expect(IPNetwork("10.1.2.3")?.contains("10.1.2.4") == false)
        #expect(IPNetwork("10.0.0.0/33") == nil)
        #expect(IPNetwork("example.com") == nil)
        #expect(IPNetwork("10.0.0.0/8")?.description == "10.0.0.0/8")
    }
}
