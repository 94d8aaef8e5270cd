import Foundation
import SOAP
import Testing
import TesseraServer
import TesseraStore
import WSTrust
import XMLCore

/// The composition `tessera serve` runs, in process: the token service records what it issues
/// in the durable store, replays are refused through that store, audit events reach /metrics,
/// and /ready asks the store.
struct ServeServicesTests {
    static let issueAction = WSTrustVersion.v13.requestAction(.issue)

    @Test func theServedSTSRecordsTokensInTheDurableStoreAndRefusesReplays() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-serve-services-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        try await TestServer.serving(in: directory) { server, serve in
            #expect(try await server.get("/ready").status == 200)

            let request = try TestPKI.signedRequest(version: .v12)
            let issued = try await server.postSOAP(request, version: .soap12, action: Self.issueAction)
            #expect(issued.status == 200, "\(issued.text)")
            let envelope = try SOAPEnvelope(parsing: Array(issued.text.utf8))
            let collection = try RequestSecurityTokenResponseCollection(element: try #require(envelope.bodyPayload))
            let assertion = try #require(collection.responses.first?.requestedSecurityToken)
            let id = try #require(assertion.attribute("ID"))
            let record = try #require(try await serve.store.record(id: id), "the issued assertion is recorded in the durable store")
            #expect(record.subject.contains("jdoe"))
            #expect(try await server.metric("tessera_sts_tokens_issued_total", ["token_type": "saml2.0", "relying_party": "hello"]) == 1)

            // The same signed request again: the durable store remembers its signature.
            let replayed = try await server.postSOAP(request, version: .soap12, action: Self.issueAction)
            #expect(replayed.status == 400, "\(replayed.text)")
            let fault = try SOAPFault(envelope: try SOAPEnvelope(parsing: Array(replayed.text.utf8)))
            #expect(fault.subcode?.namespace == WSSNamespace.secext, "a WS-Security fault: \(fault)")
        }
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("store.sqlite").path))
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("master.key").path))
    }
}
