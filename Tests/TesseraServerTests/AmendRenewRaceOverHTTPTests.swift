import Foundation
import SOAP
import TesseraStore
import SecureConversation
import TesseraClient
import TesseraSamples
import TesseraServer
import Testing
import TesseraTestSupport
import WSSecurity

/// An Amend and a Renew of one context sent at the same moment to `tessera serve`'s echo service
/// over loopback HTTP, with each durable store (SQLite; PostgreSQL when `scripts/test` started
/// one): neither update is lost. The store's compare-and-set lets one win and the other apply its
/// change onto what won, so the stored context ends with the renewal's Instance and, when the
/// Amend was answered, its claim; the context still serves with the renewed keys.
@Suite(.serialized) struct AmendRenewRaceOverHTTPTests {
    enum Kind: String, CaseIterable, Sendable {
        case sqlite, postgres
    }

    static let rounds = 12

    @Test(arguments: TesseraTestEnvironment.unitTierOnly ? [Kind.sqlite] : Kind.allCases)
    func concurrentAmendAndRenewLoseNoUpdate(_ kind: Kind) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-sc-race-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var configuration = TestPKI.configuration()
        configuration.secureConversation = ServerConfiguration.SecureConversation()
        var store: String?
        if kind == .postgres {
            _ = try SharedPostgresInstancesTests.location()  // an issue when scripts/test started no PostgreSQL
            store = TesseraTestEnvironment.postgresURL
        }
        try await TestServer.serving(configuration, in: directory, store: store) { server, serve in
            let url = server.url + "/echo"
            let http = try HTTPSOAPTransport(url: url)
            do {
                try await Self.race(url: url, transport: http, store: serve.store)
            } catch {
                try? await http.shutdown()
                throw error
            }
            try await http.shutdown()
        }
    }

    static func race(url: String, transport http: HTTPSOAPTransport, store: any DurableStore) async throws {
        let claim = TestPKI.credential("service").certificate.subject.description
        let identity = TestPKI.gateway.certificate.subject.description
        var amendsAnswered = 0
        for _ in 0..<Self.rounds {
            let owner = SecureConversationLifecycleOverHTTPTests.client(url, version: .v13, soap: .v12, transport: http)
            let context = try await owner.establish()
            // A second client under the same context (the same key), as a second thread of the
            // owner's would be.
            let twin = SecureConversationLifecycleOverHTTPTests.client(url, version: .v13, soap: .v12, transport: http)
            try twin.resume(try #require(owner.savedContext))

            async let amending: Bool = {
                do {
                    try await owner.amend(addingClaimsOf: TestPKI.credential("service"))
                    return true
                } catch let error as SecureConversationError where error.fault != nil {
                    // Verified after the renewal was written: the old keys no longer verify.
                    return false
                }
            }()
            async let renewing = twin.renew()
            let (amended, renewed) = try await (amending, renewing)

            let stored = try #require(try await store.context(identifier: context.identifier))
            #expect(stored.instance == renewed.instance, "the renewal was lost")
            if amended {
                amendsAnswered += 1
                #expect(stored.claims == [claim], "the amendment was lost")
            }
            let reply = try await twin.send(EchoService.request("after the race"), action: EchoService.action)
            #expect(EchoService.reply(in: reply) == EchoService.greeting(identity: identity, claims: amended ? [claim] : [], text: "after the race"))
        }
        #expect(amendsAnswered > 0)
    }
}
