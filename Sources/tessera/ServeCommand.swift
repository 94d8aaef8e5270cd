import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import TesseraServer

/// `tessera serve`: the STS over HTTP.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the Security Token Service over HTTP (WS-Trust 1.3 and 2005/02, SOAP 1.1 and 1.2).",
        discussion: """
            With no arguments: uses the data directory ./tessera-data (or $TESSERA_DATA_DIR, or \
            --data-dir), creating it on first start with development keys (STS signing key and \
            self-signed certificate, a development CA and a gateway certificate it issued), a \
            commented tessera.yaml and a sample request; then listens on 127.0.0.1:8080 and prints \
            its endpoints and a first request to paste. --config uses another configuration file \
            (no data directory is created then). --host, --port, --tls-cert and --tls-key override \
            the file. SIGINT or SIGTERM stops the server gracefully: requests in progress finish.

            State (issued tokens, replay entries, security contexts) goes to the SQLite file the \
            configuration names (store.sqlite, in the data directory), or to --store \
            (sqlite:PATH, or postgres://user@host:port/database so several instances share it; \
            also $TESSERA_STORE). Secrets in the store are encrypted with the master key in \
            master.key beside it (created 0600 on first start): keep it out of the database's backups.

            Routes: POST /sts (the endpoint path), the ADFS aliases under /adfs/services/trust, \
            GET /sts?wsdl, GET /adfs/services/trust/mex, GET /health, /ready, /metrics; with a \
            secureConversation section (on in the development configuration), POST /echo: the \
            sample echo service secured with WS-SecureConversation, which issues its own security \
            context tokens (kept in the store, so sessions survive a restart); with a helloService \
            section (on in the development configuration), POST /hello: the sample provider \
            `tessera gateway` forwards to, which accepts this STS's SAML assertions vouched for \
            by the gateway. \
            Reference: docs/configuration.md. One log line per request goes to standard error.
            """
    )

    @Option(
        name: .customLong("data-dir"),
        help: ArgumentHelp("The data directory (default: $\(DataDirectory.environmentVariable), else ./\(DataDirectory.defaultPath)).", valueName: "DIR"))
    var dataDirectory: String?

    @Option(help: ArgumentHelp("The configuration file (default: tessera.yaml in the data directory).", valueName: "FILE"))
    var config: String?

    @Option(
        help: ArgumentHelp(
            "Where state is kept: a path or sqlite:PATH, or postgres://user@host:port/database (default: $TESSERA_STORE, else store.sqlite of the configuration).",
            valueName: "LOCATION"))
    var store: String?

    @Option(
        name: .customLong("master-key"),
        help: ArgumentHelp("The file holding the store's master key (default: master.key in the data directory; created when missing).", valueName: "FILE"))
    var masterKey: String?

    @Option(help: "The address to listen on (overrides listen.host).")
    var host: String?

    @Option(help: "The TCP port to listen on; 0 picks a free one (overrides listen.port).")
    var port: Int?

    @Option(name: .customLong("tls-cert"), help: ArgumentHelp("Serve HTTPS with this PEM certificate chain (with --tls-key).", valueName: "CERT.pem"))
    var tlsCertificate: String?

    @Option(name: .customLong("tls-key"), help: ArgumentHelp("The PEM private key of --tls-cert.", valueName: "KEY.pem"))
    var tlsKey: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel = "info"

    func validate() throws {
        guard (tlsCertificate == nil) == (tlsKey == nil) else { throw ValidationError("--tls-cert and --tls-key go together") }
        if let port, !(0...65_535).contains(port) { throw ValidationError("--port must be between 0 and 65535") }
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
        }
    }

    func run() async throws {
        AllocatorTuning.applyByExecutingAgain()
        try await reportingFailures {
            let directory = DataDirectory.resolve(flag: dataDirectory)
            var banner = ServeBanner(dataDirectory: directory, usesDataDirectory: config == nil)
            if config == nil {
                let address = "http://\(host ?? "127.0.0.1"):\(port ?? 8080)/sts"
                do {
                    if case .created(let files) = try directory.bootstrapIfNeeded(endpointAddress: address) {
                        banner.created = files
                    }
                } catch let error as DataDirectoryError {
                    throw CommandFailure.cannotRun("\(error)")
                }
            }
            let configuration = try loadConfiguration(config ?? directory.configurationFile)
            banner.configuration = configuration

            let level = Logger.Level(rawValue: logLevel) ?? .info
            LoggingSystem.bootstrap { label in StandardErrorLogHandler(label: label, level: level) }
            let logger = Logger(label: "tessera.serve")
            let listening = banner
            let options = ServeOptions(
                store: store, masterKeyFile: masterKey.map { absolute($0, in: FileManager.default.currentDirectoryPath) },
                logger: logger, onListening: { baseURL, port in listening.print(baseURL: baseURL, port: port) })
            let serve: ServeServices
            do {
                serve = try ServeServices(configuration: configuration, options: options)
            } catch {
                throw CommandFailure.cannotRun("\(error)")
            }
            let group = ServiceGroup(configuration: .init(services: serve.services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
            try await group.run()
            logger.info("stopped")
        }
    }

    private func loadConfiguration(_ path: String) throws -> ServerConfiguration {
        do {
            var configuration = try ServerConfiguration.load(file: path)
            if let host { configuration.listen.host = host }
            if let port { configuration.listen.port = port }
            if let tlsCertificate, let tlsKey {
                let current = FileManager.default.currentDirectoryPath
                configuration.tls = .init(certificate: absolute(tlsCertificate, in: current), key: absolute(tlsKey, in: current))
            }
            try configuration.validate()
            return configuration
        } catch {
            throw CommandFailure.cannotRun("the configuration cannot be used:\n\(error)")
        }
    }

    /// A path given on the command line, made absolute against the working directory (the
    /// configuration resolves relative paths against its own directory instead).
    private func absolute(_ path: String, in directory: String) -> String {
        path.hasPrefix("/") ? path : URL(fileURLWithPath: directory).appendingPathComponent(path).path
    }
}
