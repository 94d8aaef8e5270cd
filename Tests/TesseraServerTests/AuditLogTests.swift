import Foundation
import Logging
import STS
import TesseraServer
import Testing

/// The audit trail reaches the log: an issuance names who asked, for whom and what was issued;
/// a refusal names the fault code and reason, at notice level.
struct AuditLogTests {
    @Test func issuanceAndRefusalAreLoggedWithTheirFacts() async throws {
        let logs = LogCapture()
        var configuration = try STSConfiguration(TestPKI.configuration())
        configuration.audit = AuditLog.sink(Logger(label: "tessera.audit") { _ in logs.handler() })
        try await TestServer.with(service: SecurityTokenService(configuration: configuration)) { server in
            let issued = try await server.postSOAP(try TestPKI.signedRequest(), version: .soap12, action: nil)
            #expect(issued.status == 200)
            let refused = try await server.postSOAP(try TestPKI.signedRequest(appliesTo: "http://unknown.example/"), version: .soap12, action: nil)
            #expect(refused.status == 400)
        }
        let issuance = try #require(logs.all.first { $0.message == "issued" })
        #expect(issuance.metadata["requestor"] == "x509:gateway")
        #expect(issuance.metadata["onBehalfOf"] == "jdoe")
        #expect(issuance.metadata["appliesTo"] == TestPKI.helloService)
        #expect(issuance.metadata["subject"] == "jdoe")
        #expect(issuance.metadata["tokenID"]?.isEmpty == false)
        let refusal = try #require(logs.all.first { $0.message == "refused" })
        #expect(refusal.level == .notice)
        #expect(refusal.metadata["fault"]?.contains("InvalidScope") == true, "\(refusal.metadata)")
    }

    @Test func atNoticeLevelRefusalsAreStillLoggedAndIssuancesAreNot() async throws {
        let logs = LogCapture()
        var logger = Logger(label: "tessera.audit") { _ in logs.handler() }
        logger.logLevel = .notice
        var configuration = try STSConfiguration(TestPKI.configuration())
        configuration.audit = AuditLog.sink(logger)
        try await TestServer.with(service: SecurityTokenService(configuration: configuration)) { server in
            let issued = try await server.postSOAP(try TestPKI.signedRequest(), version: .soap12, action: nil)
            #expect(issued.status == 200)
            let refused = try await server.postSOAP(try TestPKI.signedRequest(appliesTo: "http://unknown.example/"), version: .soap12, action: nil)
            #expect(refused.status == 400)
        }
        #expect(!logs.all.contains { $0.message == "issued" })
        let refusal = try #require(logs.all.first { $0.message == "refused" })
        #expect(refusal.level == .notice)
        #expect(refusal.metadata["fault"]?.contains("InvalidScope") == true, "\(refusal.metadata)")
    }
}
