import Foundation
import SecurityCore
import StoreProtocols
import Synchronization
import SOAP
import SecureConversation
import TesseraCrypto
import WSSecurity
import X509
import XMLCore

/// `tessera-bench --mode secure-conversation`: the established-session path of WS-SecureConversation
/// in process, and the memory an idle session costs in the in-memory store.
///
/// - `sc-exchange-2k`: one full exchange on an established context: the client signs (HMAC-SHA1,
///   derived key) and encrypts (AES-256-CBC, derived key) the ≈2 KB quote request and serializes
///   it; the service parses it, resolves the context, derives the keys, decrypts, verifies, calls
///   a handler that echoes the quotes back, signs and encrypts the ≈2 KB response with fresh
///   derived keys and serializes it; the client parses, decrypts and verifies it. Basic256
///   protection, SOAP 1.1, WS-SC 1.3, system clock, replay detection on (every message is new).
/// - `sc-primitives-2k`: the raw cryptography of the same bytes: for each of the two messages one
///   HMAC-SHA1 to sign and one to verify, one AES-256-CBC encryption and one decryption, over
///   the serialized unsecured request (2,025 bytes); plus the four P_SHA1 derivations (24 and 32
///   bytes). The ratio of the two rates is the share of the exchange spent in cryptography.
/// - memory per idle session: `InMemorySecurityContextStore` filled with `--sessions` contexts
///   shaped as the service makes them (urn:uuid Identifier, 32-byte secret, the X.509 subject as
///   owner), measured as the growth of the resident set (/proc/self/statm), allocator overhead included.
enum SecureConversationMode {
    /// With `tsv`, prints the cases whose name contains `filter` as `tessera-bench --tsv` rows
    /// (for scripts/bench) and skips the memory measurement.
    static func run(inputs: BenchmarkInputs, fixtures: URL, runner: Runner, sessions: Int, tsv: Bool = false, filter: String? = nil) async throws {
        let (exchange, transport) = try await exchangeCase(inputs: inputs, fixtures: fixtures)
        let request = inputs.unsecuredEnvelope
        let primitives = primitivesCase(request: request)
        try await exchange.operation()
        let sizes = transport.lastSizes
        if tsv {
            TesseraBench.emit("case\tops_per_sec\tcpu_ops_per_sec\tus_per_op\titerations\tseconds")
            for benchmark in [exchange, primitives] where filter.map(benchmark.name.contains) ?? true {
                TesseraBench.emit(TesseraBench.tsvRow(try await runner.measure(benchmark)))
            }
            return
        }
        let measuredExchange = try await runner.measure(exchange)
        let measuredPrimitives = try await runner.measure(primitives)
        TesseraBench.emit("# unsecured request: \(request.count) bytes; secured request: \(sizes.request) bytes; secured response: \(sizes.response) bytes")
        for m in [measuredExchange, measuredPrimitives] {
            TesseraBench.emit(
                TesseraBench.pad(m.name, 20) + TesseraBench.lpad(TesseraBench.format(m.opsPerSecond), 10) + " ops/s"
                    + TesseraBench.lpad(TesseraBench.format(m.cpuOpsPerSecond), 10) + " ops/s (cpu)"
                    + TesseraBench.lpad(String(format: "%.1f", m.microsecondsPerOp), 9) + " µs/op  " + m.detail)
        }
        TesseraBench.emit(
            String(
                format: "exchange ÷ primitives of the same bytes: %.1f%% (cryptography is that share of an exchange)",
                100 * measuredExchange.opsPerSecond / measuredPrimitives.opsPerSecond))
        let bytes = try idleSessionBytes(count: sessions, owner: try owner(fixtures: fixtures))
        TesseraBench.emit(String(format: "memory per idle session (InMemorySecurityContextStore, %d sessions): %.0f bytes", sessions, bytes))
    }

    /// `sc-exchange-2k` on a context the client has just established with a fresh service, and
    /// the in-process transport between them, which remembers the sizes of the last exchange.
    static func exchangeCase(inputs: BenchmarkInputs, fixtures: URL) async throws -> (BenchmarkCase, MeasuringTransport) {
        let transport = MeasuringTransport(service: try makeService(fixtures: fixtures, inputs: inputs))
        let client = SecureConversationClient(configuration: try clientConfiguration(fixtures: fixtures, inputs: inputs), transport: transport)
        try await client.establish()
        let request = inputs.unsecuredEnvelope
        let exchange = BenchmarkCase(name: "sc-exchange-2k", detail: "client sign+encrypt → service decrypt+verify+handle+sign+encrypt → client decrypt+verify")
        {
            let response = try await client.send(try SOAPEnvelope(parsing: request), action: "urn:example:quotes/GetQuotes")
            guard response.bodyPayload?.localName == "GetQuotes" else { throw BenchmarkError.verificationFailed }
        }
        return (exchange, transport)
    }

    /// `sc-primitives-2k`: the raw cryptography of one exchange of `request`-sized messages.
    static func primitivesCase(request: [UInt8]) -> BenchmarkCase {
        let hmacKey = SecureRandom.bytes(24), aesKey = SecureRandom.bytes(32), secret = SecureRandom.bytes(32)
        let seed = Array("WS-SecureConversationWS-SecureConversation".utf8) + SecureRandom.bytes(16)
        return BenchmarkCase(name: "sc-primitives-2k", detail: "2 × (HMAC-SHA1 sign + verify, AES-256-CBC enc + dec) of 2 KB + 4 P_SHA1 derivations") {
            for _ in 0..<2 {
                blackHole(HMACFunction.authenticationCode(for: request, key: hmacKey, digest: .sha1))
                blackHole(HMACFunction.authenticationCode(for: request, key: hmacKey, digest: .sha1))
                blackHole(try AESCBC.decrypt(try AESCBC.encrypt(request, key: aesKey), key: aesKey))
                blackHole(PSHA1.derive(secret: secret, seed: seed, length: 24))
                blackHole(PSHA1.derive(secret: secret, seed: seed, length: 32))
            }
        }
    }

    // MARK: Setup

    static func makeService(fixtures: URL, inputs: BenchmarkInputs) throws -> SecureConversationService {
        var configuration = SecureConversationServiceConfiguration(
            credential: try credential("service", fixtures),
            bootstrap: .x509(trustStore: X509TrustStore(anchors: [inputs.ca])))
        configuration.keeping = .stateful(InMemorySecurityContextStore())
        return SecureConversationService(configuration: configuration) { request in
            // Echo the quotes: the response is as large as the request.
            let reply = SOAPEnvelope(version: request.envelope.version)
            if let payload = request.payload { reply.body.addCopy(of: payload) }
            return SecureConversationReply(envelope: reply, action: "urn:example:quotes/GetQuotesResponse")
        }
    }

    static func clientConfiguration(fixtures: URL, inputs: BenchmarkInputs, endpoint: String = "https://service.tessera.test/quotes") throws
        -> SecureConversationClientConfiguration
    {
        var configuration = SecureConversationClientConfiguration(
            endpoint: endpoint,
            bootstrap: .x509(
                credential: inputs.gateway, serviceCertificate: try credential("service", fixtures).certificate,
                trustStore: X509TrustStore(anchors: [inputs.ca])))
        configuration.soapVersion = .v11
        return configuration
    }

    private static func credential(_ name: String, _ fixtures: URL) throws -> X509Credential {
        func read(_ file: String) throws -> String { try String(contentsOf: fixtures.appendingPathComponent(file), encoding: .utf8) }
        return X509Credential(
            privateKey: try PrivateKey(pemRepresentation: try read("\(name).key.pem")),
            certificate: try Certificate(pemEncoded: try read("\(name).cert.pem")))
    }

    private static func owner(fixtures: URL) throws -> Certificate {
        try credential("gateway", fixtures).certificate
    }

    /// Hands requests to the service in process and remembers the sizes of the last exchange.
    final class MeasuringTransport: SOAPTransport {
        let service: SecureConversationService
        private let sizes = Mutex((request: 0, response: 0))

        init(service: SecureConversationService) { self.service = service }

        var lastSizes: (request: Int, response: Int) { sizes.withLock { $0 } }

        func exchange(_ request: [UInt8], version: SOAPVersion, action: String?) async throws -> [UInt8] {
            let response = await service.handle(bytes: request, version: version, action: action)
            sizes.withLock { $0 = (request.count, response.count) }
            return response
        }
    }

    // MARK: Memory

    /// Resident memory added per context held in an in-memory store, averaged over `count`
    /// contexts (RSS growth from /proc/self/statm: allocator overhead included).
    private static func idleSessionBytes(count: Int, owner: Certificate) throws -> Double {
        let store = InMemorySecurityContextStore()
        let now = Date()
        let before = try residentBytes()
        for _ in 0..<count {
            store.save(
                SecurityContextRecord(
                    identifier: SecurityContextToken.newIdentifier(), secret: SecureRandom.bytes(32),
                    owner: owner.subject.description, created: now, expires: now.addingTimeInterval(3600)))
        }
        let after = try residentBytes()
        guard store.count == count else { throw BenchmarkError.verificationFailed }
        return Double(after - before) / Double(count)
    }

    /// The process's resident set size in bytes.
    private static func residentBytes() throws -> Int {
        let fields = try String(contentsOfFile: "/proc/self/statm", encoding: .utf8).split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { throw BenchmarkError.verificationFailed }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}
