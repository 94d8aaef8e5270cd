import SOAP

/// One message exchange the gateway made on a consumer's behalf: the RST it sent to a route's
/// STS and the RSTR it got back, or the transformed request it forwarded to the provider and the
/// provider's answer, with the bytes exactly as they went over the wire and how long the
/// exchange took. For demonstrations and diagnostics: install an observer in
/// ``GatewayEnvironment/exchangeObserver``.
///
/// The bytes are what the peers saw, security headers and all: an observer that keeps or prints
/// them holds the consumer's identity and, on a password route, the consumer's password inside
/// the RST's OnBehalfOf. Never install one in production.
public struct GatewayExchangeObservation: Sendable {
    /// Which of the gateway's two outbound exchanges this was.
    public enum Leg: String, Sendable {
        /// WS-Trust Issue to the route's STS (a token-cache hit makes none).
        case sts
        /// The forward to the route's provider.
        case provider
    }

    /// The route's configured name.
    public let route: String
    public let leg: Leg
    /// The SOAP request as sent.
    public let request: [UInt8]
    /// The answer as received (a fault envelope included); nil when none arrived.
    public let response: [UInt8]?
    /// When the request was sent.
    public let started: ContinuousClock.Instant
    /// From sending the request to receiving the whole answer (or giving up).
    public let duration: Duration

    init(route: String, leg: Leg, request: [UInt8], response: [UInt8]?, started: ContinuousClock.Instant) {
        self.route = route
        self.leg = leg
        self.request = request
        self.response = response
        self.started = started
        duration = .now - started
    }
}

/// Receives every ``GatewayExchangeObservation``, synchronously, on the task that handles the
/// consumer's request, before the consumer gets its answer. Keep it quick.
public typealias GatewayExchangeObserver = @Sendable (GatewayExchangeObservation) -> Void

/// An STS transport that reports each exchange to an observer.
struct ObservedSOAPTransport: SOAPTransport {
    let inner: any SOAPTransport
    let route: String
    let observer: GatewayExchangeObserver

    func exchange(_ request: [UInt8], version: SOAPVersion, action: String?) async throws -> [UInt8] {
        let started = ContinuousClock.now
        do {
            let response = try await inner.exchange(request, version: version, action: action)
            observer(GatewayExchangeObservation(route: route, leg: .sts, request: request, response: response, started: started))
            return response
        } catch {
            observer(GatewayExchangeObservation(route: route, leg: .sts, request: request, response: nil, started: started))
            throw error
        }
    }
}
