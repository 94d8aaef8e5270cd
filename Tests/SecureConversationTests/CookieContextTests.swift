import Foundation
import SecurityCore
import SOAP
import SecureConversation
import Synchronization
import Testing
import WSSecurity
import XMLCore

/// Stateless contexts: two service instances that share only the cookie key (and, for Cancel,
/// the revocation list) serve one session between them, in both versions.
@Suite struct CookieContextTests {
    /// Sends each request to the next instance in turn, as a load balancer without sticky sessions.
    final class RoundRobin: SOAPTransport {
        let services: [SecureConversationService]
        private let next = Mutex(0)
        init(_ services: [SecureConversationService]) { self.services = services }

        func exchange(_ request: [UInt8], version: SOAPVersion, action: String?) async throws -> [UInt8] {
            let index = next.withLock { index in
                defer { index += 1 }; return index % services.count
            }
            return await services[index].handle(bytes: request, version: version, action: action)
        }
    }

    let clock = TestClock()
    let key = SecurityContextCookie.generateKey()
    let revocations = InMemorySecurityContextRevocationList()

    func instance() throws -> SecureConversationService {
        // Each instance gets its own replay cache: nothing but the key and the list is shared.
        var configuration = Fixtures.serviceConfiguration(clock: clock, keeping: .cookie(try SecurityContextCookie(key: key), revocations: revocations))
        configuration.replayCache = InMemoryReplayCache()
        return Fixtures.helloService(configuration)
    }

    @Test(arguments: SecureConversationVersion.allCases)
    func twoInstancesServeOneSession(_ version: SecureConversationVersion) async throws {
        let instances = [try instance(), try instance()]
        let client = SecureConversationClient(
            configuration: Fixtures.clientConfiguration(version: version, clock: clock),
            transport: RoundRobin(instances))
        try await client.establish()  // instance 0
        for index in 0..<20 {  // alternating 1, 0, 1, ...
            let response = try await client.send(Fixtures.hello("n\(index)"), action: Fixtures.helloAction)
            #expect(Fixtures.greeting(response)?.hasPrefix("Hello, n\(index),") == true)
        }
        try await client.renew()
        _ = try await client.send(Fixtures.hello("after renewal"), action: Fixtures.helloAction)
        try await client.cancel()
    }

    @Test func cancelledCookieIsRefusedByEveryInstance() async throws {
        let instances = [try instance(), try instance()]
        let transport = RecordingTransport(service: instances[0])
        let client = SecureConversationClient(configuration: Fixtures.clientConfiguration(version: .v13, clock: clock), transport: transport)
        try await client.establish()
        _ = try await client.send(Fixtures.hello("before"), action: Fixtures.helloAction)
        let carried = try #require(transport.requests.last)
        #expect(String(decoding: carried, as: UTF8.self).contains("Cookie"), "a cookie context must travel in the message")
        try await client.cancel()
        // The request from before the cancellation, replayed to the other instance (its replay
        // cache has never seen it): the cookie is still well sealed, but revoked.
        let refused = try SOAPEnvelope(parsing: await instances[1].handle(bytes: carried, version: .v12, action: Fixtures.helloAction))
        #expect(refused.fault?.subcode == QName(SecureConversationVersion.v13.namespace, "BadContextToken"))
    }

    @Test func renewalRevokesTheReplacedInstance() async throws {
        let instances = [try instance(), try instance()]
        let transport = RecordingTransport(service: instances[0])
        let client = SecureConversationClient(configuration: Fixtures.clientConfiguration(version: .v13, clock: clock), transport: transport)
        let first = try await client.establish()
        _ = try await client.send(Fixtures.hello("old keys"), action: Fixtures.helloAction)
        let oldRequest = try #require(transport.requests.last)
        let renewed = try await client.renew()
        #expect(renewed.instance != first.instance)
        let refused = try SOAPEnvelope(parsing: await instances[1].handle(bytes: oldRequest, version: .v12, action: Fixtures.helloAction))
        #expect(refused.fault?.subcode == QName(SecureConversationVersion.v13.namespace, "BadContextToken"))
        #expect(Fixtures.greeting(try await client.send(Fixtures.hello("new keys"), action: Fixtures.helloAction)) != nil)
    }

    @Test func anInstanceWithAnotherKeyCannotServeTheSession() async throws {
        var configuration = Fixtures.serviceConfiguration(
            clock: clock,
            keeping: .cookie(
                try SecurityContextCookie(key: SecurityContextCookie.generateKey()),
                revocations: revocations))
        configuration.replayCache = InMemoryReplayCache()
        let stranger = Fixtures.helloService(configuration)
        let client = SecureConversationClient(
            configuration: Fixtures.clientConfiguration(version: .v13, clock: clock),
            transport: RoundRobin([try instance(), stranger]))
        try await client.establish()
        await #expect { _ = try await client.send(Fixtures.hello("x"), action: Fixtures.helloAction) } throws: { error in
            (error as? SecureConversationError)?.fault?.subcode == QName(SecureConversationVersion.v13.namespace, "BadContextToken")
        }
    }
}
