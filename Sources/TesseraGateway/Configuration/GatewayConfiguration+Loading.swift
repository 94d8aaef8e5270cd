import Foundation
public import TesseraServer

extension GatewayConfiguration: YAMLConfigurationFile {}

extension GatewayConfiguration {
    /// The configuration `tessera gateway` runs with no arguments: the development data
    /// directory `tessera serve` creates (the gateway key and certificate its development CA
    /// issued, the STS certificate), the STS at `stsEndpoint`, and one route `/hello` taking
    /// identity assertions from loopback consumers to `provider`, with the AppliesTo of the
    /// development STS's sample relying party.
    public static func development(
        dataDirectory: DataDirectory, stsEndpoint: String = "http://127.0.0.1:8080/sts",
        provider: String = developmentProvider
    ) -> GatewayConfiguration {
        typealias File = DataDirectory.DevelopmentFile
        var configuration = GatewayConfiguration(
            credential: Credential(key: File.gatewayKey.rawValue, certificate: File.gatewayCertificate.rawValue),
            routes: [developmentRoute(stsEndpoint: stsEndpoint, provider: provider)])
        configuration.baseDirectory = URL(fileURLWithPath: dataDirectory.path, isDirectory: true).standardizedFileURL.path
        return configuration
    }

    /// The sample provider `tessera serve` hosts in its development configuration (its
    /// `helloService` section, which accepts assertions for ``developmentAppliesTo``).
    public static let developmentProvider = "http://127.0.0.1:8080/hello"

    /// The AppliesTo of the development STS's sample relying party (`hello` in its tessera.yaml).
    public static let developmentAppliesTo = "https://hello.tessera.test/HelloService"

    private static func developmentRoute(stsEndpoint: String, provider: String) -> Route {
        var route = Route(
            name: "hello", path: "/hello", provider: provider,
            sts: STS(endpoint: stsEndpoint, certificate: DataDirectory.DevelopmentFile.stsCertificate.rawValue),
            inbound: Inbound(form: ConsumerForm.identityAssertion.rawValue, trustedNetworks: ["127.0.0.0/8", "::1/128"]))
        route.appliesTo = developmentAppliesTo
        route.tokenType = "saml2.0"
        return route
    }
}
