import AsyncHTTPClient
import Foundation
import HummingbirdTLS
import NIOCore
import SOAP
import Testing
import WSSecurity
@testable import TesseraGateway

/// A PasswordText consumer end to end over TLS (Username Token Profile 1.1 §4: a clear-text
/// password only on a protected channel): the consumer posts to the gateway's HTTPS listener,
/// the gateway passes the UsernameToken in OnBehalfOf to the STS over HTTPS (verifying the STS's
/// TLS certificate against `sts.tlsCertificateAuthorities`), the STS checks the password, which
/// it takes only over TLS, and the provider answers for the user. Over plain HTTP the gateway
/// refuses the same request before any STS call
/// (``GatewayChainTests/theWrongFormOrAPasswordTextOverPlainHTTPIsRefused()``).
struct PasswordTextOverTLSTests {
    /// Runs `body` with an HTTPS client that trusts only the certificate at `certificatePath`
    /// (pinned) and checks the host name, then shuts the client down.
    func withClient<T>(trusting certificatePath: String, _ body: (HTTPClient) async throws -> T) async throws -> T {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(certificatePath))
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: tls))
        do {
            let result = try await body(client)
            try await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    func post(_ token: UsernameToken, to url: String, with client: HTTPClient) async throws -> (Int, SOAPEnvelope) {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        for (name, value) in ConsumerRequest.headers(.v12) { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: ConsumerRequest.envelope(.v12, tokens: [token])))
        let response = try await client.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), try SOAPEnvelope(parsing: Array(body.readableBytesView)))
    }

    @Test func aPasswordTextOverTLSIsCheckedByTheSTSAndTheProviderAnswers() async throws {
        try await Fixtures.withScratchDirectory { scratch in
            let identity = try LoopbackTLSIdentity(in: scratch)
            try await Chain.with(
                configureSTS: { $0.tls = .init(certificate: identity.certificatePath, key: identity.keyPath) },
                configure: { configuration in
                    configuration.tls = .init(certificate: identity.certificatePath, key: identity.keyPath)
                    for index in configuration.routes.indices {
                        configuration.routes[index].sts.tlsCertificateAuthorities = [identity.certificatePath]
                        // The STS hashes the password (scrypt): slow in a debug build on a loaded machine.
                        configuration.routes[index].timeoutSeconds = 60
                    }
                }
            ) { chain in
                #expect(chain.gatewayURL.hasPrefix("https://") && chain.stsURL.hasPrefix("https://"))
                let url = chain.gatewayURL + "/hello-password"
                try await withClient(trusting: identity.certificatePath) { consumer in
                    let (status, answer) = try await post(UsernameToken(username: "bob", password: .text(Fixtures.bobPassword)), to: url, with: consumer)
                    #expect(status == 200)
                    #expect(answer.bodyPayload?.trimmedText == "Hello, bob")
                    #expect(chain.provider.received.first?.subject == "bob")

                    let (refusedStatus, refused) = try await post(UsernameToken(username: "bob", password: .text("not his password")), to: url, with: consumer)
                    #expect(refusedStatus == 400)
                    #expect(try SOAPFault(envelope: refused).securityFaultCode == WSSFaultCode.failedAuthentication)
                }
                #expect(chain.stsCalls == 2)  // the STS checked both passwords
                #expect(chain.provider.received.count == 1)
            }
        }
    }

    /// The gateway verifies the STS's TLS certificate: with the system's roots, which do not
    /// hold the loopback certificate, there is no STS and nothing is forwarded.
    @Test func anSTSWhoseTLSCertificateIsNotTrustedIsNotAsked() async throws {
        try await Fixtures.withScratchDirectory { scratch in
            let identity = try LoopbackTLSIdentity(in: scratch)
            try await Chain.with(
                configureSTS: { $0.tls = .init(certificate: identity.certificatePath, key: identity.keyPath) },
                configure: { configuration in
                    configuration.tls = .init(certificate: identity.certificatePath, key: identity.keyPath)
                    // The client keeps trying to connect until the route's timeout: keep it well
                    // inside the consumer's 30 s.
                    for index in configuration.routes.indices { configuration.routes[index].timeoutSeconds = 5 }
                }
            ) { chain in
                let (status, answer) = try await withClient(trusting: identity.certificatePath) { consumer in
                    try await post(
                        UsernameToken(username: "bob", password: .text(Fixtures.bobPassword)),
                        to: chain.gatewayURL + "/hello-password", with: consumer)
                }
                #expect(status == 500)
                #expect(try SOAPFault(envelope: answer).subcode == WSSFaultCode.securityTokenUnavailable.name)
                #expect(chain.stsCalls == 0)
                #expect(chain.provider.received.isEmpty)
            }
        }
    }
}
