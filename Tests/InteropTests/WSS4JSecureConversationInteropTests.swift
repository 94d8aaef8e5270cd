import Foundation
import SOAP
import TesseraClient
import TesseraSamples
import TesseraServer
import Testing
import TesseraTestSupport
import WSSecurity
import XMLCore
import XMLSecurity

/// Apache WSS4J 1.6 and `tessera serve`'s echo service talk under a security context that
/// `tessera sc establish` created, each reading what the other derived from it (WS-SC 1.3 §7):
/// WSS4J builds a message signed and encrypted with DerivedKeyTokens from the context file
/// (WSSecDKSign, WSSecDKEncrypt, the context named by its Identifier), the service accepts it
/// and answers; WSS4J decrypts and verifies the answer with the same file. For both WS-SC
/// versions and every suite (HMAC-SHA1 and HMAC-SHA256, AES-128-CBC and AES-256-CBC). Each
/// direction also refuses a message changed in transit and a secret that is not the context's.
@Suite("WSS4J and the echo service talk under a context tessera sc established", .tags(.interop), .requiresWSS4J, .needsExternalProcesses)
struct WSS4JSecureConversationInteropTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let version: String
        let suite: String
        let hmac: SignatureAlgorithm
        let aes: BlockEncryptionAlgorithm

        var soap: SOAPVersion { version == "1.3" ? .v12 : .v11 }
        var namespace: String {
            version == "1.3" ? "http://docs.oasis-open.org/ws-sx/ws-secureconversation/200512" : "http://schemas.xmlsoap.org/ws/2005/02/sc"
        }
        var testDescription: String { "WS-SC \(version), \(suite)" }
    }

    static let suites: [(String, SignatureAlgorithm, BlockEncryptionAlgorithm)] = [
        ("basic256", .hmacSHA1, .aes256CBC), ("basic128", .hmacSHA1, .aes128CBC),
        ("basic256-sha256", .hmacSHA256, .aes256CBC), ("basic128-sha256", .hmacSHA256, .aes128CBC),
    ]
    static let cases = ["1.3", "2005-02"].flatMap { version in
        suites.map { Case(version: version, suite: $0.0, hmac: $0.1, aes: $0.2) }
    }

    @Test("WSS4J's derived-key message is answered, and WSS4J reads the answer", arguments: cases)
    func wss4jTalksUnderTheContext(_ test: Case) async throws {
        let session = try await Session.start(test)
        defer { session.finish() }

        let (request, messageID) = try await session.wss4jRequest("from WSS4J")
        let sent = String(decoding: request, as: UTF8.self)
        let security = try #require(try SOAPEnvelope(parsing: request).headerBlocks.first { $0.localName == "Security" })
        #expect(security.children("DerivedKeyToken", test.namespace).count == 2, "\(sent)")
        #expect(sent.contains(test.hmac.uri) && sent.contains(test.aes.uri), "\(sent)")

        let answer = try await session.post(request)
        try #require(!answer.contains("Fault>"), "the service refused WSS4J's message: \(answer)")
        #expect(answer.contains(messageID), "the answer relates to the request")

        let read = try await WSS4J.run("sc-verify", on: Array(answer.utf8), context: session.contextFile)
        try #require(read.succeeded, "\(read)")
        let lines = read.stdoutText.split(separator: "\n").map(String.init)
        let soap = test.soap.namespace
        #expect(lines.contains("decrypted \(test.aes.uri) {\(soap)}Body"), "\(read)")
        let signed = try #require(lines.first { $0.hasPrefix("signed ") }, "\(read)")
        #expect(signed.hasPrefix("signed \(test.hmac.uri) "), "\(signed)")
        #expect(signed.contains("{\(soap)}Body") && signed.contains("{\(WSSNamespace.utility)}Timestamp"), "\(signed)")
        #expect(signed.contains("{http://www.w3.org/2005/08/addressing}RelatesTo"), "\(signed)")
        #expect(lines.last?.hasPrefix("body Hello, ") == true && lines.last?.hasSuffix("You said: from WSS4J") == true, "\(read)")
    }

    @Test("Each side refuses a changed message and a wrong secret", arguments: ["1.3", "2005-02"])
    func eachSideRefusesWhatIsNotTheContexts(_ version: String) async throws {
        let session = try await Session.start(Case(version: version, suite: "basic256", hmac: .hmacSHA1, aes: .aes256CBC))
        defer { session.finish() }

        // The service refuses WSS4J's message with a signed header changed in transit...
        let (request, messageID) = try await session.wss4jRequest("changed")
        let changed = try Interop.replacing(messageID, with: "urn:uuid:00000000-0000-4000-8000-000000000000", in: request)
        #expect(try await session.post(changed).contains("Fault>"))
        // ...and one derived from a secret that is not the context's.
        let forged = try session.forgedContextFile()
        let (guessed, _) = try await session.wss4jRequest("guessed", context: forged)
        #expect(try await session.post(guessed).contains("Fault>"))

        // The genuine message is answered; WSS4J refuses that answer under a wrong secret, and
        // with a signed header changed in transit.
        let (genuine, genuineID) = try await session.wss4jRequest("genuine")
        let answer = try await session.post(genuine)
        try #require(!answer.contains("Fault>"), "\(answer)")
        let wrongSecret = try await WSS4J.run("sc-verify", on: Array(answer.utf8), context: forged)
        #expect(!wrongSecret.succeeded, "WSS4J read the answer with a wrong secret: \(wrongSecret)")
        let tampered = try Interop.replacing(genuineID, with: "urn:uuid:00000000-0000-4000-8000-000000000000", in: Array(answer.utf8))
        let changedAnswer = try await WSS4J.run("sc-verify", on: tampered, context: session.contextFile)
        #expect(!changedAnswer.succeeded, "WSS4J accepted a changed answer: \(changedAnswer)")
        #expect(changedAnswer.stderr.contains("WSSecurityException"), "\(changedAnswer)")
        let intact = try await WSS4J.run("sc-verify", on: Array(answer.utf8), context: session.contextFile)
        #expect(intact.succeeded && intact.stdoutText.hasSuffix("You said: genuine\n"), "\(intact)")
    }

    /// A served echo service and a context established with it by `tessera sc establish`.
    struct Session {
        let test: Case
        let scratch: URL
        let server: TesseraServeProcess
        let contextFile: String

        static func start(_ test: Case) async throws -> Session {
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-sc-wss4j-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            let server = try await TesseraServeProcess.start(
                configuration: TesseraServeProcess.configuration(algorithmSuite: test.suite), in: scratch)
            let contextFile = scratch.appendingPathComponent("context.json").path
            let executable = try #require(TesseraTestEnvironment.tesseraExecutable, "build the tessera executable first (swift build)")
            let fixtures = TesseraTestEnvironment.fixtures.path
            let established = try await Subprocess.run(
                executable,
                [
                    "sc", "establish", "--url", server.echoURL, "--context", contextFile, "--version", test.version,
                    test.soap == .v11 ? "--soap11" : "--soap12", "--suite", test.suite,
                    "--key", fixtures + "/gateway.key.pem", "--cert", fixtures + "/gateway.cert.pem", "--service-cert", fixtures + "/sts.cert.pem",
                ])
            let session = Session(test: test, scratch: scratch, server: server, contextFile: contextFile)
            if !established.succeeded { session.finish() }
            try #require(established.succeeded, "\(established)")
            return session
        }

        /// Stops the server and removes the files.
        func finish() {
            server.process.terminate()
            try? FileManager.default.removeItem(at: scratch)
        }

        /// An Echo with WS-Addressing headers, secured by WSS4J under `context`; its MessageID.
        func wss4jRequest(_ text: String, context: String? = nil) async throws -> ([UInt8], String) {
            let envelope = EchoService.request(text, version: test.soap)
            let messageID = AddressingHeaders.newMessageID()
            AddressingHeaders(
                to: server.echoURL, action: EchoService.action, messageID: messageID,
                replyTo: EndpointReference(address: WSAddressingVersion.v10.anonymousAddress)
            ).write(to: envelope)
            let input = scratch.appendingPathComponent("plain-\(UUID().uuidString).xml").path
            let output = scratch.appendingPathComponent("secured-\(UUID().uuidString).xml").path
            try Data(envelope.serialize()).write(to: URL(fileURLWithPath: input))
            let secured = try await WSS4J.run("sc-request", [input, context ?? contextFile, output])
            try #require(secured.succeeded, "\(secured)")
            return ([UInt8](try Data(contentsOf: URL(fileURLWithPath: output))), messageID)
        }

        /// POSTs `message` to the echo service and returns its answer (a fault too).
        func post(_ message: [UInt8]) async throws -> String {
            let transport = try HTTPSOAPTransport(url: server.echoURL)
            do {
                let answer = try await transport.exchange(message, version: test.soap, action: EchoService.action)
                try await transport.shutdown()
                return String(decoding: answer, as: UTF8.self)
            } catch {
                try? await transport.shutdown()
                throw error
            }
        }

        /// The context file with another secret of the same length.
        func forgedContextFile() throws -> String {
            var json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: contextFile))) as? [String: Any])
            json["secret"] = Data(repeating: 0x5A, count: 32).base64EncodedString()
            let path = scratch.appendingPathComponent("forged.json").path
            try JSONSerialization.data(withJSONObject: json, options: [.withoutEscapingSlashes]).write(to: URL(fileURLWithPath: path))
            return path
        }
    }
}

extension WSS4J {
    /// Runs the tool in `mode` on `message` with the context file `context`.
    static func run(_ mode: String, on message: [UInt8], context: String) async throws -> ToolResult {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-wss4j-message-\(UUID().uuidString).xml")
        try Data(message).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        return try await run(mode, [file.path, context])
    }
}
