import SOAP
import Testing

@testable import TesseraGateway

/// A provider's request is made once per route (``ProviderEndpoint``): a URL async-http-client
/// refuses fails each forward as the provider being unavailable, without a connection.
struct ProviderClientTests {
    @Test(arguments: ["ftp://provider.example/hello", "http://", "not a url"])
    func aURLTheClientRefusesFailsEachForward(_ url: String) async throws {
        let client = ProviderClient()
        let endpoint = ProviderEndpoint(url)
        for _ in 0..<2 {
            let error = await #expect(throws: GatewayError.self) {
                try await client.forward(Array("<e/>".utf8), to: endpoint, version: .v11, action: nil, timeout: .seconds(5), maxResponseBytes: 1024)
            }
            #expect(error?.code == .providerUnavailable)
            #expect(error?.reason.contains(url) == true)
        }
        try await client.shutdown()
    }
}
