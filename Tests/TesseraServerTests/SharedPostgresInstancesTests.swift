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

/// Two STS instances behind a load balancer: two HTTP servers on different loopback ports, each
/// with its own PostgresStore client on the same database (the throwaway PostgreSQL 15 cluster
/// `scripts/test` starts). A token issued through one validates through the other; cancelled
/// through the second, it is invalid through the first; and a request replayed to the other
/// instance is refused, because the replay cache is shared too.
@Suite(.needsExternalProcesses)
struct SharedPostgresInstancesTests {
    static func location() throws -> PostgresLocation {
        guard let url = TesseraTestEnvironment.postgresURL else {
            Issue.record("TESSERA_POSTGRES_URL is not set: run scripts/test, which starts a throwaway PostgreSQL 15 cluster")
            throw CancellationError()
        }
        return try PostgresLocation(url: url)
    }

    /// A Validate or Cancel of `token` by the gateway, serialized.
    static func request(_ type: RequestType, _ token: XMLElement) throws -> [UInt8] {
        let envelope = SOAPEnvelope(version: .v12)
        AddressingHeaders(
            version: .v10, to: "http://127.0.0.1/sts", action: WSTrustVersion.v13.requestAction(type),
            messageID: AddressingHeaders.newMessageID()
        ).write(to: envelope)
        var rst = RequestSecurityToken(version: .v13, requestType: type)
        if type == .validate { rst.tokenType = TokenType(rawValue: WSTrustVersion.v13.namespace + "/RSTR/Status") }
        rst.target = token
        rst.write(into: envelope.body)
        var builder = SecurityHeaderBuilder()
        builder.signature = .init(credential: TestPKI.gateway)
        try builder.secure(envelope)
        return envelope.serialize()
    }

    static func payload(_ result: HTTPResult) throws -> XMLElement {
        try #require(try SOAPEnvelope(parsing: result.body).bodyPayload)
    }

    @Test func issuanceCancellationAndReplayAreSharedBetweenInstances() async throws {
        let location = try Self.location()
        let schema = "t_" + SecureRandom.bytes(8).map { String(format: "%02x", $0) }.joined()
        let key = MasterKey.generate()
        let stores = try (0..<2).map { _ in try PostgresStore(location: location, schema: schema, masterKey: key) }
        let services = try stores.map { store in
            var configuration = try STSConfiguration(TestPKI.configuration(), replayCache: store)
            configuration.tokenStore = store
            return SecurityTokenService(configuration: configuration)
        }
        try await withThrowingTaskGroup(of: Void.self) { running in
            for store in stores { running.addTask { try await store.run() } }
            defer { running.cancelAll() }
            try await TestServer.with(service: services[0], over: .loopback) { first in
                try await TestServer.with(service: services[1], over: .loopback) { second in
                    #expect(first.port != second.port)
                    let signed = try TestPKI.signedRequest()
                    let issued = try await first.postSOAP(signed, version: .soap12, action: nil)
                    #expect(issued.status == 200)
                    let rstr = try RequestSecurityTokenResponseCollection(element: try Self.payload(issued)).responses[0]
                    let token = try #require(rstr.requestedSecurityToken)

                    let replayed = try await second.postSOAP(signed, version: .soap12, action: nil)
                    #expect(replayed.status != 200, "the other instance accepted a replayed request")

                    let valid = try RequestSecurityTokenResponse(
                        element: try Self.payload(
                            try await second.postSOAP(try Self.request(.validate, token), version: .soap12, action: nil)))
                    #expect(valid.status?.valid == true)

                    let cancelled = try await second.postSOAP(try Self.request(.cancel, token), version: .soap12, action: nil)
                    #expect(cancelled.status == 200)

                    let invalid = try RequestSecurityTokenResponse(
                        element: try Self.payload(
                            try await first.postSOAP(try Self.request(.validate, token), version: .soap12, action: nil)))
                    #expect(invalid.status?.valid == false)
                }
            }
        }
    }
}
