import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import TesseraGateway
import TesseraServer

/// `tessera gateway`: the token-swapping SOAP reverse proxy.
struct GatewayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gateway",
        abstract: "Run the SOAP gateway that swaps consumer UsernameTokens for STS-issued SAML assertions.",
        discussion: """
            Consumers POST SOAP 1.1 or 1.2 requests carrying one wsse:UsernameToken (an identity \
            assertion from a trusted network, or a password the STS checks) to a route's path; \
            the gateway asks the route's STS for a token on their behalf (WS-Trust Issue, \
            OnBehalfOf, signed with the gateway's key), puts the issued SAML assertion into the \
            security header as the STS signed it, signs the assertion, Body, Timestamp and \
            WS-Addressing headers (sender-vouches), forwards the message to the provider and \
            relays the answer. Issued tokens are cached until shortly before they expire.

            With no arguments: uses the data directory `tessera serve` creates (./tessera-data, \
            or $\(DataDirectory.environmentVariable), or --data-dir) for the gateway key and \
            certificate and the STS certificate, asks the STS at http://127.0.0.1:8080/sts, and \
            serves one route, POST /hello, taking identity assertions from loopback consumers to \
            --provider (default: the sample HelloService `tessera serve` hosts on POST /hello); \
            listens on 127.0.0.1:8081. --config uses a configuration file instead (reference: \
            docs/gateway.md). Also GET /health, /ready, /metrics. One log line per request and one \
            audit line per identity go to standard error.
            """
    )

    @Option(
        name: .customLong("data-dir"),
        help: ArgumentHelp(
            "The data directory of `tessera serve` (default: $\(DataDirectory.environmentVariable), else ./\(DataDirectory.defaultPath)).", valueName: "DIR"))
    var dataDirectory: String?

    @Option(help: ArgumentHelp("The gateway configuration file (YAML).", valueName: "FILE"))
    var config: String?

    @Option(
        help: ArgumentHelp(
            "The provider of the development route /hello (without --config; default: the sample HelloService of `tessera serve`).", valueName: "URL"))
    var provider = GatewayConfiguration.developmentProvider

    @Option(help: "The address to listen on (overrides listen.host).")
    var host: String?

    @Option(help: "The TCP port to listen on; 0 picks a free one (overrides listen.port).")
    var port: Int?

    @Option(name: .customLong("tls-cert"), help: ArgumentHelp("Serve HTTPS with this PEM certificate chain (with --tls-key).", valueName: "CERT.pem"))
    var tlsCertificate: String?

    @Option(name: .customLong("tls-key"), help: ArgumentHelp("The PEM private key of --tls-cert.", valueName: "KEY.pem"))
    var tlsKey: String?

    @Option(
        name: .customLong("tls-client-ca"),
        help: ArgumentHelp("Require client certificates issued by this PEM CA (mutual TLS; repeatable; with --tls-cert).", valueName: "CA.pem"))
    var tlsClientCAs: [String] = []

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel = "info"

    func validate() throws {
        guard (tlsCertificate == nil) == (tlsKey == nil) else { throw ValidationError("--tls-cert and --tls-key go together") }
        if !tlsClientCAs.isEmpty, tlsCertificate == nil { throw ValidationError("--tls-client-ca needs --tls-cert and --tls-key") }
        if let port, !(0...65_535).contains(port) { throw ValidationError("--port must be between 0 and 65535") }
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
        }
    }

    func run() async throws {
        AllocatorTuning.applyByExecutingAgain()
        try await reportingFailures {
            let configuration = try loadConfiguration()
            let level = Logger.Level(rawValue: logLevel) ?? .info
            LoggingSystem.bootstrap { label in StandardErrorLogHandler(label: label, level: level) }
            let logger = Logger(label: "tessera.gateway")
            let routes = configuration.routes
            let environment = GatewayEnvironment(
                logger: logger,
                onListening: { port in
                    var lines = ["Tessera gateway listening on \(configuration.listen.host) (port \(port))"]
                    for route in routes {
                        lines.append("  route \(route.name)  POST \(route.path) -> \(route.provider)  (STS \(route.sts.endpoint))")
                    }
                    lines.append("  operations  GET /health /ready /metrics")
                    FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
                })
            let application = try gatewayApplication(configuration, environment: environment)
            let group = ServiceGroup(configuration: .init(services: [application], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
            try await group.run()
            logger.info("stopped")
        }
    }

    private func gatewayApplication(_ configuration: GatewayConfiguration, environment: GatewayEnvironment) throws -> some Service {
        do {
            return try buildGatewayApplication(configuration: configuration, environment: environment)
        } catch {
            throw CommandFailure.cannotRun("the configuration cannot be used:\n\(error)")
        }
    }

    private func loadConfiguration() throws -> GatewayConfiguration {
        do {
            var configuration: GatewayConfiguration
            if let config {
                configuration = try GatewayConfiguration.load(file: config)
            } else {
                let directory = DataDirectory.resolve(flag: dataDirectory)
                guard FileManager.default.fileExists(atPath: directory.configurationFile) else {
                    throw CommandFailure.cannotRun("no data directory at '\(directory.path)': run `tessera serve` once to create it, or pass --config")
                }
                configuration = GatewayConfiguration.development(dataDirectory: directory, provider: provider)
            }
            if let host { configuration.listen.host = host }
            if let port { configuration.listen.port = port }
            if let tlsCertificate, let tlsKey {
                let current = FileManager.default.currentDirectoryPath
                configuration.tls = .init(
                    certificate: absolute(tlsCertificate, in: current), key: absolute(tlsKey, in: current),
                    clientCertificateAuthorities: tlsClientCAs.map { absolute($0, in: current) })
            }
            try configuration.validate()
            return configuration
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure.cannotRun("the configuration cannot be used:\n\(error)")
        }
    }

    /// A path given on the command line, made absolute against the working directory.
    private func absolute(_ path: String, in directory: String) -> String {
        path.hasPrefix("/") ? path : URL(fileURLWithPath: directory).appendingPathComponent(path).path
    }
}
