import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdTLS
import Testing
import WSTrust
import XMLCore
@testable import TesseraServer

/// With a TLS certificate and key the server speaks HTTPS, and its metadata says so.
struct TLSListenerTests {
    @Test func httpsServesTokensAndPublishesHTTPSAddresses() async throws {
        var configuration = TestPKI.configuration()
        configuration.tls = .init(certificate: TestPKI.path("service.cert.pem"), key: TestPKI.path("service.key.pem"))
        try await TestServer.with(configuration, over: .loopback) { server in
            #expect(server.baseURL == "https://127.0.0.1:\(server.port)")
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.certificateVerification = .none  // the test service certificate does not name 127.0.0.1
            let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: tls))
            do {
                let mex = try await HTTPResult(client.execute(HTTPClientRequest(url: server.baseURL + "/adfs/services/trust/mex"), timeout: .seconds(60)))
                let root = try XMLDocument(parsing: mex.body).root
                let locations = root.descendantsAndSelf.filter { $0.localName == "address" }.compactMap { $0.attribute("location") }
                #expect(!locations.isEmpty)
                #expect(locations.allSatisfy { $0.hasPrefix("https://127.0.0.1:\(server.port)/") })

                var request = HTTPClientRequest(url: server.baseURL + "/adfs/services/trust/13/certificatemixed")
                request.method = .POST
                request.headers.add(name: "Content-Type", value: "application/soap+xml; charset=utf-8")
                request.body = .bytes(ByteBuffer(bytes: try TestPKI.signedRequest()))
                let issued = try await HTTPResult(client.execute(request, timeout: .seconds(60)))
                #expect(issued.status == 200, "\(issued.text)")
            } catch {
                try await client.shutdown()
                throw error
            }
            try await client.shutdown()
        }
    }

    @Test func unusableTLSKeyIsNamed() {
        var configuration = TestPKI.configuration()
        configuration.tls = .init(certificate: TestPKI.path("service.cert.pem"), key: TestPKI.path("missing.key.pem"))
        do {
            _ = try buildApplication(configuration: configuration, tokenService: EmptyResponseService())
            Issue.record("a missing TLS key was accepted")
        } catch {
            #expect(error.issues.map(\.field) == ["tls.key"])
        }
    }
}
