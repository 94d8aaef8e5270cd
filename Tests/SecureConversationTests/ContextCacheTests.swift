import Foundation
import SOAP
import SecureConversation
import Synchronization
import Testing
import XMLCore

/// The client's context cache against the in-process service, on a clock the tests move: one
/// establishment per key however many calls wait for it, renewal at the configured fraction of
/// the lifetime, a new context after the service forgot the old one, cancellation on shutdown.
@Suite struct ContextCacheTests {
    @Test func renewsAtTheConfiguredFractionOfTheLifetime() async throws {
        let clock = TestClock()
        let transport = RestartableTransport(clock: clock)
        let events = EventLog()
        let cache = Self.cache(transport: transport, clock: clock, events: events, fraction: 0.5)

        #expect(try await Self.hello("first", cache: cache, transport: transport) == "first")
        // The service grants an hour: half of it is 1800 s.
        clock.advance(1_790)
        #expect(try await Self.hello("before", cache: cache, transport: transport) == "before")
        #expect(events.all == [.established])
        #expect(transport.actions(ending: "/Renew") == 0)

        clock.advance(20)
        #expect(try await Self.hello("after", cache: cache, transport: transport) == "after")
        #expect(events.all == [.established, .renewed])
        #expect(transport.actions(ending: "/Renew") == 1)
        #expect(transport.actions(ending: "/RST/SCT") == 1)
        // The renewal went before the message that found the context due.
        #expect(transport.actions.suffix(2).first?.hasSuffix("/Renew") == true)

        // The renewed context counts its lifetime from the renewal.
        clock.advance(1_700)
        #expect(try await Self.hello("renewed", cache: cache, transport: transport) == "renewed")
        #expect(transport.actions(ending: "/Renew") == 1)
    }

    @Test func renewalWindowBringsTheRenewalForward() async throws {
        let clock = TestClock()
        let transport = RestartableTransport(clock: clock)
        let events = EventLog()
        var configuration = SecureConversationContextCacheConfiguration(renewalFraction: 0.9, clock: clock.source)
        configuration.renewalWindow = 600  // an hour's context renews 10 minutes before it ends
        let cache = Self.cache(transport: transport, configuration: configuration, events: events)
        _ = try await Self.hello("first", cache: cache, transport: transport)
        clock.advance(2_990)
        _ = try await Self.hello("second", cache: cache, transport: transport)
        #expect(events.all == [.established])
        clock.advance(20)
        _ = try await Self.hello("third", cache: cache, transport: transport)
        #expect(events.all == [.established, .renewed])
    }

    @Test func reestablishesAndRetriesOnceAfterTheServiceForgotTheContext() async throws {
        let clock = TestClock()
        let transport = RestartableTransport(clock: clock)
        let events = EventLog()
        let cache = Self.cache(transport: transport, clock: clock, events: events)

        #expect(try await Self.hello("before restart", cache: cache, transport: transport) == "before restart")
        transport.restart()  // the service comes back without its contexts
        #expect(try await Self.hello("after restart", cache: cache, transport: transport) == "after restart")
        #expect(events.all == [.established, .contextLost, .established])
        #expect(transport.actions(ending: "/RST/SCT") == 2)
        // The message went out twice: refused under the lost context, answered under the new one.
        #expect(transport.actions(ending: Fixtures.helloAction) == 3)
        #expect(transport.faults == [SecureConversationVersion.v13.faultCodes.badContextToken.name])

        // A service that refuses everything is not asked forever: the message is refused, the
        // one new establishment is refused, and the caller gets the fault.
        transport.refuseEverything = true
        await #expect(throws: SecureConversationError(.fault, "")) {
            _ = try await Self.hello("refused", cache: cache, transport: transport)
        }
        #expect(transport.actions(ending: Fixtures.helloAction) == 4)
        #expect(transport.actions(ending: "/RST/SCT") == 3)
    }

    @Test func reestablishesAfterTheContextExpired() async throws {
        let clock = TestClock()
        let transport = RestartableTransport(clock: clock)
        let events = EventLog()
        // Renewal at the very end: the context expires before any call renews it.
        let cache = Self.cache(transport: transport, clock: clock, events: events, fraction: 1)
        _ = try await Self.hello("first", cache: cache, transport: transport)
        clock.advance(3_601)
        #expect(try await Self.hello("second", cache: cache, transport: transport) == "second")
        #expect(events.all == [.established, .established])
        #expect(transport.actions(ending: "/Renew") == 0)
    }

    @Test func fiftyConcurrentCallsShareOneEstablishment() async throws {
        let clock = TestClock()
        let transport = RestartableTransport(clock: clock)
        let events = EventLog()
        let cache = Self.cache(transport: transport, clock: clock, events: events)
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<50 {
                group.addTask { try await Self.hello("caller \(index)", cache: cache, transport: transport) == "caller \(index)" }
            }
            for try await answered in group { #expect(answered) }
        }
        #expect(transport.actions(ending: "/RST/SCT") == 1)
        #expect(events.all == [.established])
        #expect(await cache.count == 1)

        // Another identity gets a context of its own.
        _ = try await Self.hello("other", key: "other", cache: cache, transport: transport)
        #expect(transport.actions(ending: "/RST/SCT") == 2)
    }

    @Test func concurrentCallsAcrossARenewalAllSucceed() async throws {
        let clock = TestClock()
        let transport = RestartableTransport(clock: clock)
        let events = EventLog()
        let cache = Self.cache(transport: transport, clock: clock, events: events, fraction: 0.5)
        _ = try await Self.hello("first", cache: cache, transport: transport)
        clock.advance(1_900)
        // Calls in flight when the renewal falls due finish under the old secret first.
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<20 {
                group.addTask { try await Self.hello("caller \(index)", cache: cache, transport: transport) == "caller \(index)" }
            }
            for try await answered in group { #expect(answered) }
        }
        #expect(events.all == [.established, .renewed])
        #expect(transport.faults.isEmpty)
    }

    @Test(arguments: [true, false])
    func shutdownCancelsEveryContextWhenConfigured(_ cancel: Bool) async throws {
        let clock = TestClock()
        let transport = RestartableTransport(clock: clock)
        let events = EventLog()
        let configuration = SecureConversationContextCacheConfiguration(cancelOnShutdown: cancel, clock: clock.source)
        let cache = Self.cache(transport: transport, configuration: configuration, events: events)
        _ = try await Self.hello("a", key: "alice", cache: cache, transport: transport)
        _ = try await Self.hello("b", key: "bob", cache: cache, transport: transport)

        await cache.shutdown()
        #expect(transport.actions(ending: "/Cancel") == (cancel ? 2 : 0))
        #expect(events.all.filter { $0 == .cancelled }.count == (cancel ? 2 : 0))
        #expect(transport.faults.isEmpty)
        await #expect(throws: SecureConversationError(.notEstablished, "")) {
            _ = try await Self.hello("late", cache: cache, transport: transport)
        }
    }

    // MARK: Support

    static func cache(
        transport: RestartableTransport, clock: TestClock, events: EventLog, fraction: Double = 0.8
    ) -> SecureConversationContextCache<String> {
        cache(transport: transport, configuration: .init(renewalFraction: fraction, clock: clock.source), events: events)
    }

    static func cache(
        transport: RestartableTransport, configuration: SecureConversationContextCacheConfiguration, events: EventLog
    ) -> SecureConversationContextCache<String> {
        SecureConversationContextCache(configuration: configuration) { events.append($0) }
    }

    /// Sends `Hello(name)` for `key`; returns the name the service greeted.
    static func hello(_ name: String, key: String = "alice", cache: SecureConversationContextCache<String>, transport: RestartableTransport) async throws
        -> String?
    {
        let response = try await cache.send(for: key, action: Fixtures.helloAction) {
            SecureConversationClient(configuration: Fixtures.clientConfiguration(version: .v13, clock: transport.clock), transport: transport)
        } request: {
            Fixtures.hello(name)
        }
        return Fixtures.greeting(response)?.components(separatedBy: ", ").dropFirst().first
    }
}

/// The events a cache reported, in order.
final class EventLog: Sendable {
    private let events = Mutex<[SecureConversationContextCache<String>.Event]>([])
    func append(_ event: SecureConversationContextCache<String>.Event) { events.withLock { $0.append(event) } }
    var all: [SecureConversationContextCache<String>.Event] { events.withLock { $0 } }
}

/// The hello service in process, restartable: a restart loses every context, as a service
/// keeping them in memory does. Records each request's action and each fault's subcode.
final class RestartableTransport: SOAPTransport {
    let clock: TestClock
    private let state: Mutex<(service: SecureConversationService, actions: [String], faults: [QName], refuse: Bool)>

    init(clock: TestClock) {
        self.clock = clock
        state = Mutex((Fixtures.helloService(Fixtures.serviceConfiguration(clock: clock)), [], [], false))
    }

    func restart() {
        let fresh = Fixtures.helloService(Fixtures.serviceConfiguration(clock: clock))
        state.withLock { $0.service = fresh }
    }

    /// Every request is answered with `wsc:BadContextToken`.
    var refuseEverything: Bool {
        get { state.withLock { $0.refuse } }
        set { state.withLock { $0.refuse = newValue } }
    }

    var actions: [String] { state.withLock { $0.actions } }
    var faults: [QName] { state.withLock { $0.faults } }
    func actions(ending suffix: String) -> Int { actions.filter { $0.hasSuffix(suffix) }.count }

    func exchange(_ request: [UInt8], version: SOAPVersion, action: String?) async throws -> [UInt8] {
        let (service, refuse) = state.withLock { state in
            state.actions.append(action ?? "")
            return (state.service, state.refuse)
        }
        let answer: [UInt8]
        if refuse {
            let envelope = SOAPFault(SecureConversationVersion.v13.faultCodes.badContextToken).envelope(version)
            answer = envelope.serialize()
        } else {
            answer = await service.handle(bytes: request, version: version, action: action)
        }
        if let subcode = (try? SOAPEnvelope(parsing: answer))?.fault?.subcode {
            state.withLock { $0.faults.append(subcode) }
        }
        return answer
    }
}
