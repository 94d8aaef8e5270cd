import Foundation
import SOAP
import STS
import Synchronization
import TesseraCrypto
import TesseraServer
import TesseraStore
import Testing
import TesseraTestSupport
import WSSecurity
import WSTrust
import XMLCore

/// A captured, validly signed RST replayed to the STS over HTTP, with each durable store
/// (SQLite, PostgreSQL). The token service writes a request's replay entry in the token
/// record's transaction, so these are the attacks that could slip between the entry and the
/// record: the same signed RST sent twice one after the other, at once on one instance, and at
/// once on two instances sharing PostgreSQL. Each time exactly one token is issued and every
/// other copy gets the replay fault a sequential replay gets, `wsse:InvalidSecurity`. A request
/// refused for another reason, and a Validate, are remembered too: a replay of them is refused
/// as a replay.
struct ReplayedIssueWithDurableStoresTests {
    typealias Kind = RenewOverHTTPWithDurableStoresTests.Kind
    static let issueAction = WSTrustVersion.v13.requestAction(.issue)
    static let kinds = TesseraTestEnvironment.unitTierOnly ? [Kind.sqlite] : Kind.allCases

    /// The audit events a service emitted.
    final class AuditLog: Sendable {
        private let events = Mutex<[AuditEvent]>([])
        var sink: AuditSink { { event in self.events.withLock { $0.append(event) } } }
        var issued: Int {
            events.withLock { events in events.filter { if case .issued = $0.outcome { true } else { false } }.count }
        }
    }

    static func service(_ store: any DurableStore, audit: AuditLog) throws -> SecurityTokenService {
        var configuration = try STSConfiguration(TestPKI.configuration(), replayCache: store)
        configuration.tokenStore = store
        configuration.audit = audit.sink
        return SecurityTokenService(configuration: configuration)
    }

    static func fault(_ result: HTTPResult) throws -> SOAPFault {
        try SOAPFault(envelope: try SOAPEnvelope(parsing: result.body))
    }

    /// The replay refusal, as the WS-Security engine words it.
    static func expectReplayFault(_ result: HTTPResult, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(result.status == 400, "\(result.text)", sourceLocation: sourceLocation)
        let fault = try fault(result)
        #expect(fault.subcode == WSSFaultCode.invalidSecurity.name, "\(fault)", sourceLocation: sourceLocation)
        #expect(fault.reason == "the message was already received (replay)", sourceLocation: sourceLocation)
    }

    /// The issued assertion's ID from an RSTRC.
    static func issuedID(_ result: HTTPResult) throws -> String {
        let token = try RenewOverHTTPWithDurableStoresTests.token(result)
        return try #require(token.attribute("ID"))
    }

    @Test(arguments: kinds)
    func aSignedRSTSentTwiceGetsOneTokenAndTheReplayFault(_ kind: Kind) async throws {
        try await RenewOverHTTPWithDurableStoresTests.withStore(kind) { store in
            let audit = AuditLog()
            try await TestServer.with(service: try Self.service(store, audit: audit)) { server in
                let signed = try TestPKI.signedRequest()
                let issued = try await server.postSOAP(signed, version: .soap12, action: Self.issueAction)
                #expect(issued.status == 200, "\(issued.text)")
                let id = try Self.issuedID(issued)
                #expect(try await store.record(id: id)?.status == .issued)
                try Self.expectReplayFault(try await server.postSOAP(signed, version: .soap12, action: Self.issueAction))
                #expect(audit.issued == 1)
            }
        }
    }

    @Test(arguments: kinds)
    func ofConcurrentCopiesOfASignedRSTExactlyOneGetsAToken(_ kind: Kind) async throws {
        try await RenewOverHTTPWithDurableStoresTests.withStore(kind) { store in
            let audit = AuditLog()
            try await TestServer.with(service: try Self.service(store, audit: audit)) { server in
                let signed = try TestPKI.signedRequest()
                let results = try await withThrowingTaskGroup(of: HTTPResult.self) { group in
                    for _ in 0..<8 {
                        group.addTask { try await server.postSOAP(signed, version: .soap12, action: Self.issueAction) }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                let issued = results.filter { $0.status == 200 }
                #expect(issued.count == 1, "\(results.map(\.status))")
                for refused in results where refused.status != 200 { try Self.expectReplayFault(refused) }
                if let token = issued.first { #expect(try await store.record(id: try Self.issuedID(token)) != nil) }
                #expect(audit.issued == 1)
            }
        }
    }

    /// Two instances behind a load balancer, each with its own PostgreSQL client on one schema:
    /// copies of one signed RST sent to both at once get one token between them.
    @Test(.enabled(if: !TesseraTestEnvironment.unitTierOnly, "needs PostgreSQL"))
    func copiesSentToTwoInstancesAtOnceGetOneToken() async throws {
        let location = try SharedPostgresInstancesTests.location()
        let schema = "t_" + SecureRandom.bytes(8).map { String(format: "%02x", $0) }.joined()
        let key = MasterKey.generate()
        let stores = try (0..<2).map { _ in try PostgresStore(location: location, schema: schema, masterKey: key) }
        let audits = [AuditLog(), AuditLog()]
        let services = try (0..<2).map { try Self.service(stores[$0], audit: audits[$0]) }
        try await withThrowingTaskGroup(of: Void.self) { running in
            for store in stores { running.addTask { try await store.run() } }
            defer { running.cancelAll() }
            try await TestServer.with(service: services[0]) { first in
                try await TestServer.with(service: services[1]) { second in
                    for _ in 0..<3 {
                        let signed = try TestPKI.signedRequest()
                        let results = try await withThrowingTaskGroup(of: HTTPResult.self) { group in
                            for index in 0..<6 {
                                let server = index % 2 == 0 ? first : second
                                group.addTask { try await server.postSOAP(signed, version: .soap12, action: Self.issueAction) }
                            }
                            return try await group.reduce(into: []) { $0.append($1) }
                        }
                        #expect(results.filter { $0.status == 200 }.count == 1, "\(results.map(\.status))")
                        for refused in results where refused.status != 200 { try Self.expectReplayFault(refused) }
                    }
                    #expect(audits[0].issued + audits[1].issued == 3)
                }
            }
        }
    }

    /// A request refused after its signature verified (AppliesTo names no relying party), and a
    /// Validate, which store no token: their entries are written on their own before the answer.
    @Test(arguments: kinds)
    func aRefusedRequestAndAValidateAreRememberedToo(_ kind: Kind) async throws {
        try await RenewOverHTTPWithDurableStoresTests.withStore(kind) { store in
            let audit = AuditLog()
            try await TestServer.with(service: try Self.service(store, audit: audit)) { server in
                let unknown = try TestPKI.signedRequest(appliesTo: "https://unknown.example/service")
                let refused = try await server.postSOAP(unknown, version: .soap12, action: Self.issueAction)
                #expect(try Self.fault(refused).subcode == QName(WSTrustVersion.v13.namespace, "InvalidScope"))
                try Self.expectReplayFault(try await server.postSOAP(unknown, version: .soap12, action: Self.issueAction))

                let issued = try await server.postSOAP(try TestPKI.signedRequest(), version: .soap12, action: Self.issueAction)
                #expect(issued.status == 200, "\(issued.text)")
                let validate = try SharedPostgresInstancesTests.request(.validate, try RenewOverHTTPWithDurableStoresTests.token(issued))
                let valid = try await server.postSOAP(validate, version: .soap12, action: nil)
                #expect(valid.status == 200, "\(valid.text)")
                try Self.expectReplayFault(try await server.postSOAP(validate, version: .soap12, action: nil))
            }
        }
    }
}
