import Foundation
import Logging
import SOAP
import SecureConversation
import TesseraClient
import TesseraSamples
import TesseraServer
import Testing
import WSSecurity
import XMLCore

/// The secure-conversation endpoint tells the service, with every request, whether it came over
/// TLS: a username bootstrap POSTed to an endpoint that is not behind TLS is refused, the same
/// request to one declared behind a TLS-terminating proxy is answered.
struct UsernameBootstrapTransportOverHTTPTests {
    struct Alice: UsernameTokenAuthenticator {
        func authenticate(_ token: UsernameToken) async throws {
            guard token.username == "alice", case .text("wonderland")? = token.password else {
                throw WSSecurityError(.failedAuthentication, "bad password")
            }
        }
    }

    func establish(endpointSecurity: TransportDecision) async throws -> Result<String, SecureConversationError> {
        let configuration = SecureConversationServiceConfiguration(
            credential: TestPKI.credential("service"), bootstrap: .usernameOverTLS(authenticator: Alice()))
        let endpoint = SecureConversationEndpoint(
            path: "/echo", service: SecureConversationService(configuration: configuration, handler: EchoService.handler),
            transports: endpointSecurity)
        return try await withSecureConversationServer(endpoint, logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }) { url in
            let http = try HTTPSOAPTransport(url: url)
            let client = SecureConversationClient(
                configuration: SecureConversationClientConfiguration(endpoint: url, bootstrap: .usernameOverTLS(username: "alice", password: "wonderland")),
                transport: http)
            let outcome: Result<String, SecureConversationError>
            do {
                try await client.establish()
                let reply = try await client.send(EchoService.request("over the proxy"), action: EchoService.action)
                outcome = .success(EchoService.reply(in: reply) ?? "")
            } catch let error as SecureConversationError {
                outcome = .failure(error)
            } catch {
                try await http.shutdown()
                throw error
            }
            try await http.shutdown()
            return outcome
        }
    }

    @Test func refusedWhenTheEndpointIsNotBehindTLS() async throws {
        guard case .failure(let error) = try await establish(endpointSecurity: .plainHTTP) else {
            Issue.record("a username bootstrap over plain HTTP was accepted")
            return
        }
        #expect(error.fault?.subcode == QName(WSSNamespace.secext, "InvalidSecurity"))
    }

    @Test func acceptedWhenTheEndpointIsBehindTLS() async throws {
        let reply = try await establish(endpointSecurity: TransportDecision(listenerIsTLS: true)).get()
        #expect(reply == EchoService.greeting(identity: "alice", text: "over the proxy"))
    }
}
