import AsyncHTTPClient
import Foundation
import HummingbirdTLS
import NIOCore
import SOAP
import Testing
import WSSecurity
@testable import TesseraGateway

/// A consumer outside the trusted networks may still assert an identity when the route trusts
/// client certificates and the listener is mutual TLS: the handshake proves a certificate from
/// the configured CA. Without a certificate there is no connection at all.
struct MutualTLSConsumerTests {
    func client(withCertificate: Bool) throws -> HTTPClient {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.certificateVerification = .none  // the test service certificate does not name 127.0.0.1
        if withCertificate {
            tls.certificateChain = try NIOSSLCertificate.fromPEMFile(Fixtures.path("gateway.cert.pem")).map { .certificate($0) }
            tls.privateKey = .privateKey(try NIOSSLPrivateKey(file: Fixtures.path("gateway.key.pem"), format: .pem))
        }
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: tls))
    }

    func post(_ client: HTTPClient, to url: String) async throws -> Int {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        for (name, value) in ConsumerRequest.headers(.v12) { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: ConsumerRequest.identity(.v12)))
        let response = try await client.execute(request, timeout: .seconds(30))
        _ = try await response.body.collect(upTo: 1 << 20)
        return Int(response.status.code)
    }

    @Test func aClientCertificateFromTheCATrustsTheIdentityAssertion() async throws {
        try await Chain.with(configure: { configuration in
            configuration.tls = .init(
                certificate: Fixtures.path("service.cert.pem"), key: Fixtures.path("service.key.pem"),
                clientCertificateAuthorities: [Fixtures.path("ca.cert.pem")])
            configuration.routes[0].inbound = .init(form: "identity-assertion", trustedNetworks: ["10.0.0.0/8"], trustClientCertificates: true)
        }) { chain in
            let withCertificate = try client(withCertificate: true)
            let withoutCertificate = try client(withCertificate: false)
            let accepted = try? await post(withCertificate, to: chain.gatewayURL + "/hello")
            let refused = try? await post(withoutCertificate, to: chain.gatewayURL + "/hello")
            try await withCertificate.shutdown()
            try await withoutCertificate.shutdown()
            #expect(accepted == 200)
            #expect(refused == nil)
            #expect(chain.provider.received.count == 1)
        }
    }
}
