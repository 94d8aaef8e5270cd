import Dispatch
import Foundation
import SOAP
import STS
import Testing
import WSTrust
@testable import TesseraServer

/// A password login the server has no room to check now is answered at once with the busy
/// fault and HTTP 503 (a client retries), never with an authentication failure; `/health`
/// answers meanwhile.
struct BusyPasswordPoolOverHTTPTests {
    @Test func aFullPasswordPoolAnswers503() async throws {
        var configuration = TestPKI.configuration()
        configuration.users = [TestPKI.alice]
        configuration.listen.trustedProxies = ["127.0.0.1", "::1"]
        var sts = try STSConfiguration(configuration)
        let pool = PasswordCheckPool(threadCount: 1, queueLimit: 0)
        sts.passwordChecks = pool
        // Hold the pool's one thread until the test is done.
        let release = DispatchSemaphore(value: 0), entered = DispatchSemaphore(value: 0)
        let blocker = Task {
            try await pool.run {
                entered.signal(); release.wait()
            }
        }
        await Task.detached { entered.wait() }.value
        defer { release.signal() }

        try await TestServer.with(configuration, service: SecurityTokenService(configuration: sts), over: .loopback) { server in
            let action = WSTrustVersion.v13.requestAction(.issue)
            let result = try await server.post(
                "/adfs/services/trust/13/usernamemixed", body: try TestPKI.usernameRequest(),
                headers: [
                    ("Content-Type", "application/soap+xml; charset=utf-8; action=\"\(action)\""), ("X-Forwarded-Proto", "https"),
                ])
            #expect(result.status == 503)
            let fault = try SOAPFault(envelope: try SOAPEnvelope(parsing: result.body))
            #expect(fault.code == .receiver)
            #expect(fault.reason == "The service is busy; retry later")
            #expect(try await server.get("/health").status == 200)
        }
        release.signal()
        try await blocker.value
    }
}
