import Foundation
import SOAP
import STS
import SecureConversation
import StoreProtocols
import TesseraClient
import TesseraCrypto
import TesseraSamples
import TesseraStore
import Testing
import TesseraTestSupport
import WSSecurity
import XMLCore
@testable import TesseraServer

/// A context established with an assertion of the server's own STS ends when the STS cancels
/// the assertion or renews it away, with each durable store (SQLite, PostgreSQL) keeping both the
/// STS's tokens and the contexts (or, for cookie contexts, their revocations): the next message
/// under the context is refused with `wsc:BadContextToken`, and so is every one after, even once
/// the assertion's record is gone.
struct SAMLBootstrapContextEndTests {
    enum Kind: String, CaseIterable, Sendable {
        case sqlite, postgres
    }

    enum Ending: String, CaseIterable, Sendable {
        case cancelledByTheSTS, renewedAway
    }

    static func withStore(_ kind: Kind, _ body: (any DurableStore) async throws -> Void) async throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-sc-saml-end-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let store: any DurableStore
        switch kind {
        case .sqlite:
            store = try SQLiteStore(path: scratch.appendingPathComponent("store.sqlite").path, masterKey: .generate())
        case .postgres:
            let schema = "t_" + SecureRandom.bytes(8).map { String(format: "%02x", $0) }.joined()
            store = try PostgresStore(location: try SharedPostgresInstancesTests.location(), schema: schema, masterKey: .generate())
        }
        try await withThrowingTaskGroup(of: Void.self) { running in
            running.addTask { try await store.run() }
            defer { running.cancelAll() }
            try await body(store)
        }
    }

    static let kinds = TesseraTestEnvironment.unitTierOnly ? [Kind.sqlite] : Kind.allCases

    @Test(arguments: kinds, [false, true])
    func aContextEndsWhenTheSTSCancelsOrRenewsItsAssertion(_ kind: Kind, cookie: Bool) async throws {
        for ending in Ending.allCases {
            try await Self.withStore(kind) { store in
                let configuration = SAMLBootstrapWithOwnSTSTests.configuration()
                var tokenService = try STSConfiguration(configuration, replayCache: store)
                tokenService.tokenStore = store
                var hosted = try #require(
                    try SecureConversationServiceConfiguration.hosted(by: configuration, tokenService: tokenService, contexts: store, revocations: store))
                if cookie { hosted.keeping = .cookie(try SecurityContextCookie(key: SecurityContextCookie.generateKey()), revocations: store) }
                let echo = SecureConversationService(configuration: hosted, handler: EchoService.handler)

                let assertion = try await SAMLBootstrapWithOwnSTSTests.issuedAssertion(tokenService)
                let element = try XMLDocument(parsing: assertion).root
                let id = try #require(element.attribute("ID"))
                let client = SAMLBootstrapWithOwnSTSTests.client(echo, assertion: assertion)
                let context = try await client.establish()
                _ = try await client.send(EchoService.request("before"), action: EchoService.action)
                if !cookie {
                    let stored = try await store.context(identifier: context.identifier)
                    #expect(stored?.bootstrapAssertion == BootstrapAssertion(issuer: configuration.identity.issuer, id: id))
                }

                switch ending {
                case .cancelledByTheSTS:
                    _ = try await SAMLBootstrapWithOwnSTSTests.stsClient(tokenService).send(TokenRequest(.cancel(element)))
                case .renewedAway:
                    // What a renewal at the STS leaves in its records: the assertion marked renewed.
                    #expect(try await store.transition(id: id, from: .issued, to: .renewed))
                }
                for attempt in ["after", "again"] {
                    await #expect("\(ending) \(attempt)") {
                        _ = try await client.send(EchoService.request(attempt), action: EchoService.action)
                    } throws: { error in
                        (error as? SecureConversationError)?.fault?.subcode == SecureConversationVersion.v13.faultCodes.badContextToken.name
                    }
                }
                // The context itself is over (not only while the assertion's record says so).
                if cookie {
                    #expect(try await store.isRevoked(identifier: context.identifier, instance: nil, now: Date()))
                } else {
                    #expect(try await store.context(identifier: context.identifier)?.status == .cancelled)
                }
                await #expect { _ = try await client.renew() } throws: { error in
                    (error as? SecureConversationError)?.fault?.subcode == SecureConversationVersion.v13.faultCodes.badContextToken.name
                }
            }
        }
    }
}
