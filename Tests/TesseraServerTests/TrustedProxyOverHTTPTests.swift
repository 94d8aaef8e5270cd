import Foundation
import SOAP
import STS
import Synchronization
import Testing
import WSTrust
@testable import TesseraServer

/// Whether a request came over TLS, and from whom, is decided once from the connection: a
/// TLS-terminating proxy's `X-Forwarded-Proto: https` counts only when the connection comes from
/// an address in `listen.trustedProxies`; from anyone else the header is ignored. The client's
/// address reaches the audit events.
struct TrustedProxyOverHTTPTests {
    static let path = "/adfs/services/trust/13/usernamemixed"

    /// POSTs alice's PasswordText request with forwarding headers to a server trusting
    /// `proxies`; returns the answer and the audit events.
    func send(trusting proxies: [String]) async throws -> (HTTPResult, [AuditEvent]) {
        var configuration = TestPKI.configuration()
        configuration.users = [TestPKI.alice]
        configuration.listen.trustedProxies = proxies
        let events = Mutex<[AuditEvent]>([])
        var sts = try STSConfiguration(configuration)
        sts.audit = { event in events.withLock { $0.append(event) } }
        let result = try await TestServer.with(configuration, service: SecurityTokenService(configuration: sts), over: .loopback) { server in
            let action = WSTrustVersion.v13.requestAction(.issue)
            return try await server.post(
                Self.path, body: try TestPKI.usernameRequest(),
                headers: [
                    ("Content-Type", "application/soap+xml; charset=utf-8; action=\"\(action)\""),
                    ("X-Forwarded-Proto", "https"), ("X-Forwarded-For", "198.51.100.20, 203.0.113.7"),
                ])
        }
        return (result, events.withLock { $0 })
    }

    @Test func aPasswordFromATrustedTLSProxyIsAccepted() async throws {
        let (result, events) = try await send(trusting: ["127.0.0.1", "::1"])
        #expect(result.status == 200, "\(result.text)")
        #expect(result.text.contains("RequestSecurityTokenResponseCollection"))
        // The proxy appended the client it saw last.
        #expect(events.last?.remoteAddress == "203.0.113.7")
    }

    @Test func forwardingHeadersFromAnyoneElseAreIgnored() async throws {
        let (result, events) = try await send(trusting: ["192.0.2.1"])
        #expect(result.status == 400)
        let fault = try SOAPFault(envelope: try SOAPEnvelope(parsing: result.body))
        #expect(fault.reason == "a PasswordText is accepted only over TLS")
        let peer = try #require(events.last?.remoteAddress)
        #expect(peer == "127.0.0.1" || peer == "::1")
    }

    @Test func trustedProxiesMustBeAddresses() throws {
        var configuration = TestPKI.configuration()
        configuration.listen.trustedProxies = ["10.0.0.1", "fd00::1", "proxy.example"]
        let error = try #require(throws: ConfigurationError.self) { try configuration.validate() }
        #expect(error.issues.map(\.description) == ["listen.trustedProxies[2]: 'proxy.example' is not an IPv4 or IPv6 address"])
    }
}
