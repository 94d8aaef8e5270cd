import Foundation
import Testing
import WSTrust
@testable import TesseraServer

/// Requests on separate connections are in the token service at the same time: nothing in the
/// HTTP layer serialises them. (Their spread over both cores shows in scripts/load-bench.)
struct ConcurrentRequestsTests {
    @Test func fourRequestsAreInsideTheServiceAtOnce() async throws {
        let rendezvous = Rendezvous(expected: 4)
        try await TestServer.with(service: RendezvousService(rendezvous: rendezvous), over: .loopback) { server in
            let request = try TestPKI.signedRequest()
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        try await server.postSOAP(request, version: .soap12, action: WSTrustVersion.v13.requestAction(.issue)).status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses == [200, 200, 200, 200])
            #expect(await rendezvous.peak == 4)
        }
    }
}
