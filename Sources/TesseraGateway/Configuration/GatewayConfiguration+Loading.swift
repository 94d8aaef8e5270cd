import Foundation
import TesseraServer

extension GatewayConfiguration {
    /// Reads, decodes and validates the YAML file at `path`. Relative paths inside it are
    /// resolved against the file's directory.
    ///
    /// - Throws: ``TesseraServer/ConfigurationError`` naming the file and every faulty field.
    public static func load(file path: String) throws(ConfigurationError) -> GatewayConfiguration {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigurationError(file: path, field: "", "the file cannot be read as UTF-8 text")
        }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        do {
            return try GatewayConfiguration(yaml: text, baseDirectory: directory)
        } catch {
            throw error.inFile(path)
        }
    }

    /// Decodes and validates a configuration from YAML text.
    ///
    /// - Throws: ``TesseraServer/ConfigurationError``.
    public init(yaml text: String, baseDirectory: String) throws(ConfigurationError) {
        self = try ConfigurationError.decodeYAML(GatewayConfiguration.self, from: text)
        self.baseDirectory = baseDirectory
        try validate()
    }

    /// The configuration `tessera gateway` runs with no arguments: the development data
    /// directory `tessera serve` creates (the gateway key and certificate its development CA
    /// issued, the STS certificate), the STS at `stsEndpoint`, and one route `/hello` taking
    /// identity assertions from loopback consumers to `provider`, with the AppliesTo of the
    /// development STS's sample relying party.
    public static func development(dataDirectory: DataDirectory, stsEndpoint: String = "http://127.0.0.1:8080/sts",
                                   provider: String = developmentProvider) -> GatewayConfiguration {
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
        var route = Route(name: "hello", path: "/hello", provider: provider,
                          sts: STS(endpoint: stsEndpoint, certificate: DataDirectory.DevelopmentFile.stsCertificate.rawValue),
                          inbound: Inbound(form: ConsumerForm.identityAssertion.rawValue, trustedNetworks: ["127.0.0.0/8", "::1/128"]))
        route.appliesTo = developmentAppliesTo
        route.tokenType = "saml2.0"
        return route
    }
}
