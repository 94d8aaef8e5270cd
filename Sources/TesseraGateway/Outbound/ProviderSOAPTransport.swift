import SOAP

/// The provider of one route as a ``SOAP/SOAPTransport``, for the secure-conversation client:
/// each exchange goes through the gateway's ``ProviderClient`` with the route's timeout and
/// response limit (a ``GatewayError`` when the provider is down, slow, or answers with another
/// media type), and is shown to the exchange observer. The answer is parsed once, by the
/// secure-conversation client.
struct ProviderSOAPTransport: SOAPTransport {
    let provider: ProviderClient
    let route: GatewaySettings.Route
    let maxResponseBytes: Int
    let observer: GatewayExchangeObserver?
    private let endpoint: ProviderEndpoint

    init(provider: ProviderClient, route: GatewaySettings.Route, maxResponseBytes: Int, observer: GatewayExchangeObserver?) {
        self.provider = provider
        self.route = route
        self.maxResponseBytes = maxResponseBytes
        self.observer = observer
        endpoint = ProviderEndpoint(route.provider)
    }

    func exchange(_ request: [UInt8], version: SOAPVersion, action: String?) async throws -> [UInt8] {
        let started = ContinuousClock.now
        do throws(GatewayError) {
            let answer = try await provider.forward(
                request, to: endpoint, version: version, action: action, timeout: route.timeout, maxResponseBytes: maxResponseBytes,
                parseAnswer: false)
            observer?(GatewayExchangeObservation(route: route.name, leg: .provider, request: request, response: answer.body, started: started))
            return answer.body
        } catch {
            observer?(GatewayExchangeObservation(route: route.name, leg: .provider, request: request, response: nil, started: started))
            throw error
        }
    }
}
