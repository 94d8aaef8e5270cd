import Foundation
public import Logging
public import ServiceLifecycle
import STS
import SecureConversation
import TesseraSamples
public import TesseraStore

/// What the composition of `tessera serve` needs besides its configuration.
public struct ServeOptions: Sendable {
    /// Where state is kept: a path or `sqlite:PATH`, or `postgres://user@host:port/database`;
    /// nil for the configuration's SQLite file.
    public var store: String?
    /// The file holding the store's master key (created when missing); nil for `master.key` in
    /// the configuration's data directory.
    public var masterKeyFile: String?
    public var logger: Logger
    /// Where the audit events of the token service and of every context lifecycle request go
    /// (``AuditLog``).
    public var auditLogger: Logger
    /// Called once the server listens, with its published base URL and bound port.
    public var onListening: @Sendable (_ baseURL: String, _ port: Int) async -> Void

    public init(
        store: String? = nil, masterKeyFile: String? = nil, logger: Logger = Logger(label: "tessera.serve"),
        auditLogger: Logger = Logger(label: "tessera.audit"),
        onListening: @escaping @Sendable (_ baseURL: String, _ port: Int) async -> Void = { _, _ in }
    ) {
        self.store = store
        self.masterKeyFile = masterKeyFile
        self.logger = logger
        self.auditLogger = auditLogger
        self.onListening = onListening
    }
}

/// Why the services of a configuration cannot be built; the description says what to fix.
public enum ServeSetupError: Error, CustomStringConvertible {
    case storeUnavailable(String)
    case configurationUnusable(String)

    public var description: String {
        switch self {
        case .storeUnavailable(let reason): "the store cannot be opened: \(reason)"
        case .configurationUnusable(let reason): "the configuration cannot be used:\n\(reason)"
        }
    }
}

/// Everything `tessera serve` runs, built from one validated configuration: the durable store,
/// its purger and the HTTP application (the STS, the secure-conversation and sample services,
/// operations), with audit events going to the audit log and to `/metrics`, and the lifecycle
/// of every security context (issued by the hosted service or by the STS) to the audit log.
///
/// Run ``services`` in one `ServiceGroup` in this order: a group stops its services in reverse
/// order, so the store outlives the server. The command line, the demos and the tests compose
/// the server through this one function.
public struct ServeServices: Sendable {
    /// The store every service keeps its state in.
    public let store: any DurableStore
    /// What `/metrics` reads from.
    public let metrics: ServerMetrics
    /// The store, its purger and the HTTP application, in start order.
    public let services: [any Service]

    /// Opens the store and builds the services of `configuration` (already validated).
    ///
    /// - Throws: ``ServeSetupError``.
    public init(configuration: ServerConfiguration, options: ServeOptions = ServeOptions()) throws(ServeSetupError) {
        let logger = options.logger
        let store = try Self.openStore(configuration, options: options)
        var tokenService: STSConfiguration
        do {
            tokenService = try STSConfiguration(configuration, replayCache: store)
        } catch {
            throw .configurationUnusable("\(error)")
        }
        if DevelopmentCertificate.isDevelopment(tokenService.signingCredential.certificate) {
            logger.warning("the STS signs with a development key and certificate: never use them in production")
        }
        tokenService.tokenStore = store
        let metrics = ServerMetrics()
        let auditLog = AuditLog.sink(options.auditLogger)
        let contextAudit = AuditLog.contextSink(options.auditLogger)
        let tokenCounts = metrics.auditSink(relyingParties: RelyingPartyRegistry(configuration), logger: logger)
        tokenService.audit = { event in
            auditLog(event)
            tokenCounts(event)
        }
        // The address the services are published at, known once the server listens: a context
        // the STS issues is accepted by the service whose address its AppliesTo names.
        let publicBaseURL = PublicBaseURL(configuration: configuration)
        let securityTokenService = SecurityTokenService(configuration: tokenService)
        let secureConversation: SecureConversationService?
        let tokenServiceEndpoint: any TokenServiceEndpoint
        do {
            secureConversation =
                try SecureConversationServiceConfiguration
                .hosted(by: configuration, tokenService: tokenService, contexts: store, revocations: store)
                .map { service in
                    var service = service
                    service.audience = ContextAudience(addresses: configuration.secureConversationAddresses(publicBaseURL))
                    service.audit = contextAudit
                    return SecureConversationService(configuration: service, handler: EchoService.handler)
                }
            if let issuing = try ContextIssuingTokenService.hosted(
                by: configuration, tokenService: securityTokenService, contexts: store, revocations: store, publicBaseURL: publicBaseURL,
                audit: contextAudit)
            {
                tokenServiceEndpoint = issuing
            } else {
                tokenServiceEndpoint = securityTokenService
            }
        } catch {
            throw .configurationUnusable("\(error)")
        }
        let environment = ServerEnvironment(
            logger: logger, metrics: metrics,
            readiness: {
                // Ready when the store answers a lookup.
                do {
                    _ = try await store.record(id: "tessera-readiness-probe")
                    return true
                } catch {
                    return false
                }
            },
            onListening: { baseURL, port in
                publicBaseURL.bound(port: port)
                await options.onListening(baseURL, port)
            })
        let application: any Service
        do {
            application = try buildApplication(
                configuration: configuration, tokenService: tokenServiceEndpoint,
                secureConversation: secureConversation, environment: environment)
        } catch {
            throw .configurationUnusable("\(error)")
        }
        self.store = store
        self.metrics = metrics
        // Contexts renewable after expiry, and their revocations, outlive their expiry that long.
        let retention = configuration.secureConversation.map { $0.renewal.enabled ? TimeInterval($0.renewal.expiredWindowSeconds) : 0 } ?? 0
        self.services = [store, StorePurger(store: store, retention: retention, logger: logger), application]
    }

    /// The store `options.store` (else `$TESSERA_STORE`, else the configuration's SQLite file)
    /// names, with its master key.
    private static func openStore(_ configuration: ServerConfiguration, options: ServeOptions) throws(ServeSetupError) -> any DurableStore {
        let text = options.store ?? ProcessInfo.processInfo.environment["TESSERA_STORE"] ?? "sqlite:" + configuration.storePath
        let keyFile =
            options.masterKeyFile
            ?? URL(fileURLWithPath: configuration.resolvedPath(configuration.dataDirectory)).appendingPathComponent("master.key").path
        do {
            let location = try StoreLocation(parsing: text)
            let key = try MasterKey.loadOrCreate(at: URL(fileURLWithPath: keyFile))
            let opened = try location.open(masterKey: key, logger: options.logger)
            options.logger.info("store opened", metadata: ["store": "\(location)", "masterKey": "\(keyFile)"])
            return opened
        } catch {
            throw .storeUnavailable("\(error)")
        }
    }
}
