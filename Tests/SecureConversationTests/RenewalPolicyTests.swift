import Foundation
import SOAP
import StoreProtocols
import Testing
import WSSecurity
import XMLCore
@testable import SecureConversation

/// Renewal as a service configures it (WS-SC 1.3 §5, §8): a context renewed by its owner within
/// the window after its expiry, and not after it; an expired context serving nothing but its
/// Renew; a service that does not renew refusing with `wsc:UnableToRenew`; a cancelled cookie
/// context staying revoked through the window.
@Suite struct RenewalPolicyTests {
    static func service(clock: TestClock, renewal: ContextRenewalPolicy, keeping: ContextKeeping? = nil) -> SecureConversationService {
        var configuration = Fixtures.serviceConfiguration(clock: clock, keeping: keeping)
        configuration.renewal = renewal
        return Fixtures.helloService(configuration)
    }

    static func client(_ service: SecureConversationService, clock: TestClock, version: SecureConversationVersion = .v13) -> SecureConversationClient {
        SecureConversationClient(configuration: Fixtures.clientConfiguration(version: version, clock: clock), transport: RecordingTransport(service: service))
    }

    static func subcode(_ error: any Error) -> QName? { (error as? SecureConversationError)?.fault?.subcode }

    @Test(arguments: SecureConversationVersion.allCases, [false, true])
    func anExpiredContextIsRenewedWithinTheWindow(_ version: SecureConversationVersion, cookie: Bool) async throws {
        let clock = TestClock()
        let keeping: ContextKeeping? =
            cookie ? .cookie(try SecurityContextCookie(key: SecurityContextCookie.generateKey()), revocations: InMemorySecurityContextRevocationList()) : nil
        let service = Self.service(clock: clock, renewal: ContextRenewalPolicy(expiredWindow: 600), keeping: keeping)
        let client = Self.client(service, clock: clock, version: version)
        let context = try await client.establish()
        clock.advance(context.expires.timeIntervalSince(clock.now) + 300)

        // Past its expiry the context serves no application message...
        await #expect { _ = try await client.send(Fixtures.hello("late"), action: Fixtures.helloAction) } throws: { error in
            Self.subcode(error) == QName(version.namespace, "BadContextToken")
        }
        // ...but its owner renews it, and it serves again.
        let renewed = try await client.renew()
        #expect(renewed.identifier == context.identifier)
        #expect(renewed.expires > clock.now)
        let response = try await client.send(Fixtures.hello("renewed"), action: Fixtures.helloAction)
        #expect(Fixtures.greeting(response)?.hasPrefix("Hello, renewed") == true)
    }

    @Test func aContextExpiredLongerThanTheWindowIsNotRenewed() async throws {
        let clock = TestClock()
        let service = Self.service(clock: clock, renewal: ContextRenewalPolicy(expiredWindow: 600))
        let client = Self.client(service, clock: clock)
        let context = try await client.establish()
        clock.advance(context.expires.timeIntervalSince(clock.now) + 601)
        await #expect { _ = try await client.renew() } throws: { error in
            Self.subcode(error) == QName(SecureConversationVersion.v13.namespace, "BadContextToken")
        }
    }

    /// A service keeping its contexts in memory lets go of those no Renew can reach any more as
    /// it establishes new ones; those still within the window stay.
    @Test func contextsPastTheWindowLeaveTheInMemoryStore() async throws {
        let clock = TestClock()
        let store = InMemorySecurityContextStore()
        let service = Self.service(clock: clock, renewal: ContextRenewalPolicy(expiredWindow: 600), keeping: .stateful(store))
        let first = try await Self.client(service, clock: clock).establish()
        clock.advance(first.expires.timeIntervalSince(clock.now) + 300)
        let second = try await Self.client(service, clock: clock).establish()
        #expect(store.count == 2)
        clock.advance(301)
        try await Self.client(service, clock: clock).establish()
        #expect(store.count == 2)
        #expect(store.context(identifier: first.identifier) == nil)
        #expect(store.context(identifier: second.identifier) != nil)
    }

    @Test func withoutAWindowAnExpiredContextIsNotRenewed() async throws {
        let clock = TestClock()
        let service = Self.service(clock: clock, renewal: ContextRenewalPolicy())
        let client = Self.client(service, clock: clock)
        let context = try await client.establish()
        clock.advance(context.expires.timeIntervalSince(clock.now) + 1)
        await #expect { _ = try await client.renew() } throws: { error in
            Self.subcode(error) == QName(SecureConversationVersion.v13.namespace, "BadContextToken")
        }
    }

    @Test(arguments: SecureConversationVersion.allCases)
    func aServiceThatDoesNotRenewRefusesWithUnableToRenew(_ version: SecureConversationVersion) async throws {
        let clock = TestClock()
        let service = Self.service(clock: clock, renewal: ContextRenewalPolicy(allowed: false, expiredWindow: 600))
        let client = Self.client(service, clock: clock, version: version)
        try await client.establish()
        await #expect { _ = try await client.renew() } throws: { error in
            Self.subcode(error) == QName(version.namespace, "UnableToRenew")
        }
        // The context itself still serves.
        let response = try await client.send(Fixtures.hello("still"), action: Fixtures.helloAction)
        #expect(Fixtures.greeting(response)?.hasPrefix("Hello, still") == true)
    }

    @Test func aCancelledCookieContextIsNotRenewedWithinTheWindow() async throws {
        let clock = TestClock()
        let revocations = InMemorySecurityContextRevocationList()
        let service = Self.service(
            clock: clock, renewal: ContextRenewalPolicy(expiredWindow: 600),
            keeping: .cookie(try SecurityContextCookie(key: SecurityContextCookie.generateKey()), revocations: revocations))
        let transport = RecordingTransport(service: service)
        let client = SecureConversationClient(configuration: Fixtures.clientConfiguration(version: .v13, clock: clock), transport: transport)
        let context = try await client.establish()
        let issued = try #require(client.issuedContext)
        try await client.cancel()
        clock.advance(context.expires.timeIntervalSince(clock.now) + 300)
        // The revocation outlives the context's expiry by the window.
        #expect(revocations.isRevoked(identifier: context.identifier, instance: context.instance, now: clock.now))
        // A Renew with the cancelled context's keys (the client kept them) is refused.
        client.replace(issued)
        await #expect { _ = try await client.renew() } throws: { error in
            Self.subcode(error) == QName(SecureConversationVersion.v13.namespace, "BadContextToken")
        }
    }
}
