import Foundation
import SOAP
import STS
import TesseraCrypto
import TesseraServer
import TesseraStore
import Testing
import TesseraTestSupport
import WSSecurity
import WSTrust
import XMLCore

/// Renew through the server with each durable store (SQLite, PostgreSQL): the Issue request's
/// `wst:Renewing` terms are stored with the token, a renewal marks the old record `renewed` and
/// records the new one with the same terms, and a token issued with `Allow="false"` is
/// `wst:UnableToRenew`.
struct RenewOverHTTPWithDurableStoresTests {
    enum Kind: String, CaseIterable, Sendable {
        case sqlite, postgres
    }

    /// The gateway's Issue for jdoe (the token-transformation scenario), with `Renewing` when
    /// given, or a Renew of `target`; signed by the gateway.
    static func request(_ type: RequestType, renewing: (allow: Bool, ok: Bool)? = nil, target: XMLElement? = nil) throws -> [UInt8] {
        let envelope = SOAPEnvelope(version: .v12)
        AddressingHeaders(
            version: .v10, to: "http://127.0.0.1/sts", action: WSTrustVersion.v13.requestAction(type),
            messageID: AddressingHeaders.newMessageID()
        ).write(to: envelope)
        var rst = RequestSecurityToken(version: .v13, requestType: type)
        if type == .issue {
            rst.appliesTo = AppliesTo(address: TestPKI.helloService)
            rst.tokenType = .saml20
            let holder = XMLDocument(rootLocalName: "Holder", namespace: nil)
            rst.onBehalfOf = UsernameToken(username: "jdoe", password: nil).write(into: holder.root)
            rst.renewing = renewing
        }
        rst.target = target
        rst.write(into: envelope.body)
        var builder = SecurityHeaderBuilder()
        builder.signature = .init(credential: TestPKI.gateway)
        try builder.secure(envelope)
        return envelope.serialize()
    }

    /// Runs `body` with a running store of `kind` (a fresh SQLite file or PostgreSQL schema).
    static func withStore(_ kind: Kind, _ body: (any DurableStore) async throws -> Void) async throws {
        let store: any DurableStore
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-renew-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
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

    static func token(_ result: HTTPResult) throws -> XMLElement {
        let payload = try #require(try SOAPEnvelope(parsing: result.body).bodyPayload)
        let rstr =
            payload.localName == "RequestSecurityTokenResponseCollection"
            ? try RequestSecurityTokenResponseCollection(element: payload).responses.first
            : try RequestSecurityTokenResponse(element: payload)
        let token = try #require(rstr?.requestedSecurityToken)
        return try XMLDocument(parsing: token.document.serialize(token)).root
    }

    @Test(arguments: TesseraTestEnvironment.unitTierOnly ? [Kind.sqlite] : Kind.allCases)
    func renewalTermsAndTheRenewedMarkLiveInTheStore(_ kind: Kind) async throws {
        try await Self.withStore(kind) { store in
            var configuration = try STSConfiguration(TestPKI.configuration(), replayCache: store)
            configuration.tokenStore = store
            try await TestServer.with(service: SecurityTokenService(configuration: configuration)) { server in
                let issued = try await server.postSOAP(try Self.request(.issue, renewing: (allow: true, ok: true)), version: .soap12, action: nil)
                #expect(issued.status == 200, "\(issued.text)")
                let token = try Self.token(issued)
                let id = try #require(token.attribute("ID"))
                let record = try #require(try await store.record(id: id))
                #expect(record.renewable && record.renewableAfterExpiry)

                let renewed = try await server.postSOAP(try Self.request(.renew, target: token), version: .soap12, action: nil)
                #expect(renewed.status == 200, "\(renewed.text)")
                let newID = try #require(try Self.token(renewed).attribute("ID"))
                #expect(try await store.record(id: id)?.status == .renewed)
                let successor = try #require(try await store.record(id: newID))
                #expect(successor.status == .issued && successor.renewedFrom == id)
                #expect(successor.renewable && successor.renewableAfterExpiry)

                let fixed = try await server.postSOAP(try Self.request(.issue, renewing: (allow: false, ok: true)), version: .soap12, action: nil)
                let fixedToken = try Self.token(fixed)
                let fixedID = try #require(fixedToken.attribute("ID"))
                let fixedRecord = try #require(try await store.record(id: fixedID))
                #expect(!fixedRecord.renewable && !fixedRecord.renewableAfterExpiry)
                let refused = try await server.postSOAP(try Self.request(.renew, target: fixedToken), version: .soap12, action: nil)
                #expect(refused.status == 400)
                #expect(try SOAPFault(envelope: try SOAPEnvelope(parsing: refused.body)).subcode == QName(WSTrustVersion.v13.namespace, "UnableToRenew"))
            }
        }
    }
}
