import Foundation
import SecurityCore
import SOAP
import SecureConversation
import StoreProtocols
import Synchronization
import Testing
import WSSecurity
import WSTrust
import XMLCore

/// A service that issues contexts for other services (WS-SC 1.3 §3) under a
/// ``ContextIssuancePolicy``, and the ``ContextAudience`` rule by which only the service a
/// context was issued for accepts it.
@Suite struct ContextsForOtherServicesTests {
    static let target = "https://target.tessera.test/hello"

    /// Grants contexts for ``target`` only, owned by `granted:<owner>`.
    struct TargetPolicy: ContextIssuancePolicy {
        func grant(_ request: ContextIssuanceRequest) async throws -> ContextGrant {
            guard request.appliesTo == ContextsForOtherServicesTests.target else {
                throw WSTrustError(.failedAuthentication, "no context for this service")
            }
            guard case .certificate = request.requestor else { throw WSTrustError(.failedAuthentication, "not a certificate") }
            return ContextGrant(appliesTo: ContextsForOtherServicesTests.target, owner: "granted:" + request.owner)
        }
    }

    /// Lifecycle requests go to the issuer, everything else to the target.
    final class IssuerAndTarget: SOAPTransport {
        private let issuerService: Mutex<SecureConversationService>
        let target: SecureConversationService
        private let last = Mutex<[UInt8]?>(nil)
        init(issuer: SecureConversationService, target: SecureConversationService) {
            issuerService = Mutex(issuer)
            self.target = target
        }
        var lastRequest: [UInt8]? { last.withLock { $0 } }
        /// Sends the next lifecycle requests to `issuer`.
        func route(lifecycleTo issuer: SecureConversationService) { issuerService.withLock { $0 = issuer } }

        func exchange(_ request: [UInt8], version: SOAPVersion, action: String?) async throws -> [UInt8] {
            last.withLock { $0 = request }
            let toIssuer = action.flatMap(SecureConversationVersion.binding(ofRequestAction:)) != nil
            let service = toIssuer ? issuerService.withLock { $0 } : target
            return await service.handle(bytes: request, version: version, action: action)
        }
    }

    let clock = TestClock()
    let store = InMemorySecurityContextStore()

    func issuer() -> SecureConversationService {
        var configuration = Fixtures.serviceConfiguration(clock: clock, keeping: .stateful(store))
        configuration.contextIssuance = TargetPolicy()
        configuration.audience = ContextAudience(acceptsOwnContexts: false)
        return Fixtures.helloService(configuration)
    }

    func service(at address: String) -> SecureConversationService {
        var configuration = Fixtures.serviceConfiguration(clock: clock, keeping: .stateful(store))
        configuration.audience = ContextAudience(addresses: { [address] })
        return Fixtures.helloService(configuration)
    }

    func client(_ transport: any SOAPTransport, version: SecureConversationVersion = .v13, appliesTo: String? = target) -> SecureConversationClient {
        var configuration = Fixtures.clientConfiguration(version: version, clock: clock)
        configuration.appliesTo = appliesTo
        return SecureConversationClient(configuration: configuration, transport: transport)
    }

    @Test(arguments: SecureConversationVersion.allCases)
    func theTargetAcceptsTheContextAndTheIssuerRenewsAndCancelsIt(_ version: SecureConversationVersion) async throws {
        // The target knows itself with a trailing slash: addresses compare normalized.
        let transport = IssuerAndTarget(issuer: issuer(), target: service(at: Self.target + "/"))
        let client = client(transport, version: version)
        let context = try await client.establish()
        let record = try #require(try await store.context(identifier: context.identifier))
        #expect(record.appliesTo == Self.target)
        #expect(record.owner == "granted:\(Fixtures.gateway.certificate.subject)")

        let reply = try await client.send(Fixtures.hello("target"), action: Fixtures.helloAction)
        #expect(Fixtures.greeting(reply) == "Hello, target, you are granted:\(Fixtures.gateway.certificate.subject)")

        let renewed = try await client.renew()
        #expect(renewed.instance != context.instance)
        #expect(try await store.context(identifier: context.identifier)?.appliesTo == Self.target)
        _ = try await client.send(Fixtures.hello("renewed"), action: Fixtures.helloAction)
        let lastHello = try #require(transport.lastRequest)
        try await client.cancel()
        let refused = await transport.target.handle(bytes: lastHello, version: .v12, action: Fixtures.helloAction)
        #expect(try SOAPFault(envelope: try SOAPEnvelope(parsing: refused)).subcode == version.faultCodes.badContextToken.name)
    }

    @Test func anotherServiceAndTheIssuerRefuseTheContextForApplicationMessages() async throws {
        let issuer = issuer()
        let other = IssuerAndTarget(issuer: issuer, target: service(at: "https://other.tessera.test/hello"))
        let client = client(other)
        try await client.establish()
        await #expect { try await client.send(Fixtures.hello("other"), action: Fixtures.helloAction) } throws: { error in
            (error as? SecureConversationError)?.fault?.subcode == SecureConversationVersion.v13.faultCodes.badContextToken.name
        }
        let atIssuer = IssuerAndTarget(issuer: issuer, target: issuer)
        let issuerClient = self.client(atIssuer)
        try await issuerClient.establish()
        await #expect { try await issuerClient.send(Fixtures.hello("issuer"), action: Fixtures.helloAction) } throws: { error in
            (error as? SecureConversationError)?.fault?.subcode == SecureConversationVersion.v13.faultCodes.badContextToken.name
        }
    }

    @Test func aServiceOwnContextIsNotAnIssuersToRenew() async throws {
        // Established at the target itself (no AppliesTo), then renewed at the issuer.
        let target = service(at: Self.target)
        let transport = IssuerAndTarget(issuer: target, target: target)
        let own = client(transport, appliesTo: nil)
        try await own.establish()
        let identifier = try #require(own.context).identifier
        let record = try #require(try await store.context(identifier: identifier))
        #expect(record.appliesTo == nil)
        let reply = try await own.send(Fixtures.hello("own"), action: Fixtures.helloAction)
        #expect(Fixtures.greeting(reply)?.hasPrefix("Hello, own,") == true)
        transport.route(lifecycleTo: issuer())
        await #expect { try await own.renew() } throws: { error in
            (error as? SecureConversationError)?.fault?.subcode == SecureConversationVersion.v13.faultCodes.badContextToken.name
        }
        #expect(try await store.context(identifier: record.identifier)?.instance == record.instance)
    }

    @Test func thePolicyRefusesAServiceItDoesNotGrant() async throws {
        let transport = IssuerAndTarget(issuer: issuer(), target: service(at: Self.target))
        for appliesTo in ["https://elsewhere.tessera.test/", nil] {
            await #expect { try await client(transport, appliesTo: appliesTo).establish() } throws: { error in
                (error as? SecureConversationError)?.fault?.subcode?.localName == "FailedAuthentication"
            }
        }
    }

    @Test func aCookieCarriesTheAppliesTo() throws {
        let cookie = try SecurityContextCookie(key: SecurityContextCookie.generateKey())
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        for appliesTo in [Self.target, nil] {
            let record = SecurityContextRecord(
                identifier: "urn:uuid:6b0b1e58-1d4c-4a0e-9f55-5a8d8f3c2e11", instance: "urn:uuid:1", secret: Array(repeating: 7, count: 32),
                owner: "x509:gateway", created: now, expires: now.addingTimeInterval(3600), appliesTo: appliesTo)
            var token = SecurityContextToken(version: .v13, identifier: record.identifier, instance: record.instance)
            token.cookie = try cookie.seal(record)
            #expect(try cookie.open(token) == record)
        }
    }
}
