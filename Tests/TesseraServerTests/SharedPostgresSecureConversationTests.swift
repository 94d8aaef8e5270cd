import Foundation
import SecurityCore
import SOAP
import STS
import SecureConversation
import TesseraCrypto
import TesseraSamples
import TesseraStore
import Testing
import TesseraTestSupport
import WSSecurity
@testable import TesseraServer

/// Two secure-conversation instances, each with its own PostgresStore client on one schema (the
/// throwaway cluster `scripts/test` starts), in either way of keeping contexts: a session
/// established through one is served by the other, and a Cancel answered by one is honoured by
/// the other at once (the context row, or the revocation list for cookie contexts).
@Suite(.needsExternalProcesses)
struct SharedPostgresSecureConversationTests {
    @Test(arguments: [ServerConfiguration.SecureConversation.KeepingName.stateful, .cookie])
    func aSessionAndItsCancelAreSharedBetweenInstances(_ keeping: ServerConfiguration.SecureConversation.KeepingName) async throws {
        let location = try SharedPostgresInstancesTests.location()
        let schema = "t_" + SecureRandom.bytes(8).map { String(format: "%02x", $0) }.joined()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-sc-pg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        var configuration = TestPKI.configuration()
        var section = ServerConfiguration.SecureConversation()
        section.contexts = keeping
        if keeping == .cookie {
            let keyFile = directory.appendingPathComponent("cookie.key")
            try Data(SecurityContextCookie.generateKey()).base64EncodedString().write(to: keyFile, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: keyFile.path)
            section.cookieKey = keyFile.path
        }
        configuration.secureConversation = section
        try configuration.validate()

        let key = MasterKey.generate()
        let stores = try (0..<2).map { _ in try PostgresStore(location: location, schema: schema, masterKey: key, maximumConnections: 2) }
        let services = try stores.map { store in
            let sts = try STSConfiguration(configuration, replayCache: store)
            let hosted = try #require(
                try SecureConversationServiceConfiguration.hosted(by: configuration, tokenService: sts, contexts: store, revocations: store))
            return SecureConversationService(configuration: hosted, handler: EchoService.handler)
        }
        try await withThrowingTaskGroup(of: Void.self) { running in
            for store in stores { running.addTask { try await store.run() } }
            defer { running.cancelAll() }

            let transport = RoutingTransport(to: services[0])
            let client = SecureConversationClient(
                configuration: SecureConversationClientConfiguration(
                    endpoint: "http://127.0.0.1/echo",
                    bootstrap: .x509(
                        credential: TestPKI.gateway, serviceCertificate: TestPKI.credential("sts").certificate,
                        trustStore: X509TrustStore(anchors: [TestPKI.credential("ca").certificate]))),
                transport: transport)
            let identity = "\(TestPKI.gateway.certificate.subject)"
            _ = try await client.establish()

            transport.route(to: services[1])
            let reply = try await client.send(EchoService.request("to the second"), action: EchoService.action)
            #expect(EchoService.reply(in: reply) == EchoService.greeting(identity: identity, text: "to the second"))

            transport.hold(true)
            await #expect(throws: RoutingTransport.Held.self) { _ = try await client.send(EchoService.request("held"), action: EchoService.action) }
            transport.hold(false)
            let held = try #require(transport.held)
            transport.route(to: services[0])
            try await client.cancel()

            let answer = await services[1].handle(bytes: held.bytes, version: held.version, action: EchoService.action)
            let fault = try SOAPFault(envelope: try SOAPEnvelope(parsing: answer))
            #expect(fault.subcode == SecureConversationVersion.v13.faultCodes.badContextToken.name)
        }
    }
}
