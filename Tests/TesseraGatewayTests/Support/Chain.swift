import Foundation
import Logging
import SOAP
import STS
import Synchronization
import TesseraGateway
import TesseraServer

/// The real token service, counting the requests it answers and optionally slowed down, keeping
/// its answers, and optionally rewriting them (a misbehaving STS, or someone on the way).
final class CountingTokenService: TokenServiceEndpoint {
    let service: SecurityTokenService
    let counter = Mutex<Int>(0)
    let delay = Mutex<Duration>(.zero)
    /// Applied to each answer before it is sent; nil: sent as the service wrote it.
    let rewrite = Mutex<(@Sendable (SOAPEnvelope) -> SOAPEnvelope)?>(nil)
    private let log = Mutex<[[UInt8]]>([])

    /// The answers sent, serialized, in order.
    var answers: [[UInt8]] { log.withLock { $0 } }

    init(service: SecurityTokenService) {
        self.service = service
    }

    var calls: Int { counter.withLock { $0 } }

    func respond(to request: SOAPEnvelope, context: EndpointRequest) async -> SOAPEnvelope {
        counter.withLock { $0 += 1 }
        let pause = delay.withLock { $0 }
        if pause > .zero { try? await Task.sleep(for: pause) }
        var answer = await service.respond(to: request, context: context)
        if let rewrite = rewrite.withLock({ $0 }) { answer = rewrite(answer) }
        let bytes = answer.serialize()
        log.withLock { $0.append(bytes) }
        return answer
    }
}

/// A logger that keeps test output to warnings and worse.
func quietLogger(_ label: String) -> Logger {
    var logger = Logger(label: label)
    logger.logLevel = .warning
    return logger
}

/// consumer → gateway → STS → provider over loopback HTTP, for one test.
struct Chain {
    let gatewayURL: String
    let stsURL: String
    /// The sample HelloService the STS's server hosts.
    var helloServiceURL: String { stsURL.replacingOccurrences(of: "/sts", with: "/hello") }
    let sts: CountingTokenService
    let provider: StubProvider

    var stsCalls: Int { sts.calls }

    /// Posts the consumer request `body` in `version` to `path`.
    func post(_ body: [UInt8], version: SOAPVersion, path: String = "/hello") async throws -> HTTPResult {
        try await HTTPResult.post(gatewayURL + path, body: body, headers: ConsumerRequest.headers(version))
    }

    /// The value of `name{labels}` in the gateway's `/metrics`, 0 when absent.
    func metric(_ name: String, _ labels: [String: String]) async throws -> Double {
        let text = try await HTTPResult.get(gatewayURL + "/metrics").text
        let wanted = labels.sorted { $0.key < $1.key }.map { "\($0.key)=\"\($0.value)\"" }
        for line in text.split(separator: "\n") where line.hasPrefix(name + "{") {
            let labelText = line.drop { $0 != "{" }.dropFirst().prefix { $0 != "}" }
            let found = labelText.split(separator: ",").map(String.init).sorted()
            if found == wanted, let value = line.split(separator: " ").last.flatMap({ Double($0) }) { return value }
        }
        return 0
    }

    /// Starts the STS (on `stsPort`, or a free one; configured further by `configureSTS`) with
    /// the sample HelloService beside it, the stub provider and a gateway configured by
    /// `configure`, and runs `body` against them. With `toHelloService`, the gateway's routes
    /// forward to the sample HelloService instead of the stub.
    static func with<T>(
        stsPort: Int = 0, toHelloService: Bool = false, configureSTS: (inout ServerConfiguration) -> Void = { _ in },
        configure: (inout GatewayConfiguration) -> Void = { _ in }, _ body: (Chain) async throws -> T
    ) async throws -> T {
        try await Fixtures.withScratchDirectory { scratch in
            var stsConfiguration = try Fixtures.stsConfiguration(port: stsPort, digestKeyPath: scratch.appendingPathComponent("digest.key").path)
            configureSTS(&stsConfiguration)
            let stsScheme = stsConfiguration.tls == nil ? "http" : "https"
            let sts = CountingTokenService(service: SecurityTokenService(configuration: try STSConfiguration(stsConfiguration)))
            let (stsPorts, stsListening) = AsyncStream.makeStream(of: Int.self)
            let stsApplication = try buildApplication(
                configuration: stsConfiguration, tokenService: sts,
                environment: ServerEnvironment(
                    logger: quietLogger("tessera.server"),
                    onListening: { _, port in stsListening.yield(port) }))
            return try await withLiveServer(stsApplication, listening: stsPorts) { stsPort in
                try await withProviderAndGateway(
                    stsURL: "\(stsScheme)://127.0.0.1:\(stsPort)/sts", sts: sts,
                    configure: { configuration in
                        configure(&configuration)
                        guard toHelloService else { return }
                        for index in configuration.routes.indices { configuration.routes[index].provider = "http://127.0.0.1:\(stsPort)/hello" }
                    }, body)
            }
        }
    }

    /// The stub provider and a gateway asking the STS at `stsURL` (which may be down).
    static func withProviderAndGateway<T>(
        stsURL: String, sts: CountingTokenService, configure: (inout GatewayConfiguration) -> Void,
        _ body: (Chain) async throws -> T
    ) async throws -> T {
        let provider = StubProvider()
        let (providerPorts, providerListening) = AsyncStream.makeStream(of: Int.self)
        return try await withLiveServer(provider.application(listening: providerListening), listening: providerPorts) { providerPort in
            var configuration = Fixtures.gatewayConfiguration(sts: stsURL, provider: "http://127.0.0.1:\(providerPort)/hello")
            configure(&configuration)
            let (gatewayPorts, gatewayListening) = AsyncStream.makeStream(of: Int.self)
            let environment = GatewayEnvironment(
                logger: quietLogger("tessera.gateway"), audit: quietLogger("tessera.gateway.audit"),
                onListening: { gatewayListening.yield($0) })
            let gateway = try buildGatewayApplication(configuration: configuration, environment: environment)
            return try await withLiveServer(gateway, listening: gatewayPorts) { gatewayPort in
                let scheme = configuration.tls == nil ? "http" : "https"
                return try await body(Chain(gatewayURL: "\(scheme)://127.0.0.1:\(gatewayPort)", stsURL: stsURL, sts: sts, provider: provider))
            }
        }
    }
}
