import Foundation
import SecurityCore
import SOAP
import STS
import SecureConversation
import Synchronization
import TesseraClient
import TesseraCrypto
import TesseraSamples
import TesseraServer
import TesseraStore
import Testing
import WSSecurity
import WSTrust
import XMLCore
import XMLSecurity

/// The STS of `tessera serve` issuing security contexts for its relying parties (WS-SC 1.3 §3)
/// over loopback HTTP: the echo service accepts a context the STS issued for its address and
/// only that; Renew and Cancel go to the STS; a context issued for the STS itself secures RSTs
/// for other tokens, its owner being the requestor.
@Suite struct ContextsIssuedByTheSTSOverHTTPTests {
    /// The published base URL: the relying parties name the services by it, the test reaches
    /// them on loopback.
    static let base = "http://services.tessera.test"
    static let echoAddress = base + "/echo"
    static let stsAddress = base + "/sts"
    static let restrictedAddress = base + "/restricted"
    static let ca = TestPKI.credential("ca").certificate
    /// The owner of a context the STS issued to the gateway, as the STS names requestors.
    static let gatewayOwner = "x509:gateway"

    static func configuration(cookieKey: String? = nil) -> ServerConfiguration {
        var configuration = TestPKI.configuration()
        configuration.publicBaseURL = base
        var section = ServerConfiguration.SecureConversation()
        if let cookieKey {
            section.contexts = .cookie
            section.cookieKey = cookieKey
        }
        configuration.secureConversation = section
        var echo = ServerConfiguration.RelyingPartyEntry(name: "echo", appliesTo: [.exact(echoAddress)])
        echo.securityContexts = true
        var sts = ServerConfiguration.RelyingPartyEntry(name: "sts", appliesTo: [.exact(stsAddress)])
        sts.securityContexts = true
        var restricted = ServerConfiguration.RelyingPartyEntry(name: "restricted", appliesTo: [.exact(restrictedAddress)])
        restricted.securityContexts = true
        restricted.authorization = .init(requestors: ["user:someone-else"])
        configuration.relyingParties += [echo, sts, restricted]
        return configuration
    }

    /// The running server and one HTTP transport to each of its two paths.
    struct Harness {
        let server: TestServer
        let sts: HTTPSOAPTransport
        let echo: HTTPSOAPTransport
        /// The store the server keeps its contexts in.
        let store: any DurableStore
    }

    static func client(
        _ harness: Harness, appliesTo: String?, version: SecureConversationVersion = .v13, soap: SOAPVersion = .v12
    ) -> (SecureConversationClient, TrustRoutingTransport) {
        var configuration = SecureConversationClientConfiguration(
            endpoint: echoAddress,
            bootstrap: .x509(
                credential: TestPKI.gateway, serviceCertificate: TestPKI.credential("sts").certificate,
                trustStore: X509TrustStore(anchors: [ca])))
        configuration.appliesTo = appliesTo
        configuration.version = version
        configuration.soapVersion = soap
        let transport = TrustRoutingTransport(sts: harness.sts, service: harness.echo)
        return (SecureConversationClient(configuration: configuration, transport: transport), transport)
    }

    static func serving(cookies: Bool = false, _ body: (Harness) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-sts-contexts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var cookieKey: String?
        if cookies {
            let file = directory.appendingPathComponent("cookie.key")
            try Data(SecurityContextCookie.generateKey()).base64EncodedString().write(to: file, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
            cookieKey = file.path
        }
        let configuration = configuration(cookieKey: cookieKey)
        try configuration.validate()
        try await TestServer.serving(configuration, in: directory) { server, serve in
            let harness = Harness(
                server: server, sts: try HTTPSOAPTransport(url: server.url + "/sts"), echo: try HTTPSOAPTransport(url: server.url + "/echo"),
                store: serve.store)
            do {
                try await body(harness)
            } catch {
                try? await harness.sts.shutdown()
                try? await harness.echo.shutdown()
                throw error
            }
            try await harness.sts.shutdown()
            try await harness.echo.shutdown()
        }
    }

    static func faultSubcode(_ error: any Error) -> String? {
        (error as? SecureConversationError)?.fault?.subcode?.localName
    }

    @Test(arguments: [(SecureConversationVersion.v13, SOAPVersion.v12), (.v200502, .v11)])
    func theEchoServiceAcceptsAContextTheSTSIssuedForItAndTheSTSRenewsAndCancelsIt(
        _ version: SecureConversationVersion, _ soap: SOAPVersion
    ) async throws {
        try await Self.serving { harness in
            let (client, transport) = Self.client(harness, appliesTo: Self.echoAddress, version: version, soap: soap)
            let context = try await client.establish()
            #expect(context.version == version)
            #expect(transport.sentToSTS.contains(version.requestAction(.issue)))

            let reply = try await client.send(EchoService.request("from the STS", version: soap), action: EchoService.action)
            #expect(EchoService.reply(in: reply) == EchoService.greeting(identity: Self.gatewayOwner, text: "from the STS"))

            let renewed = try await client.renew()
            #expect(renewed.identifier == context.identifier)
            #expect(renewed.instance != context.instance)
            #expect(transport.sentToSTS.contains(version.requestAction(.renew)))
            let afterRenewal = try await client.send(EchoService.request("renewed", version: soap), action: EchoService.action)
            #expect(EchoService.reply(in: afterRenewal) == EchoService.greeting(identity: Self.gatewayOwner, text: "renewed"))

            let lastEcho = try #require(transport.last)
            try await client.cancel()
            #expect(transport.sentToSTS.contains(version.requestAction(.cancel)))
            // Cancelled at the STS: the echo service refuses the context at once (shared store).
            let refused = try await SecureConversationOverHTTPTests.post(
                lastEcho.bytes, to: harness.server.url + "/echo", soap: soap, action: EchoService.action)
            let fault = try SOAPFault(envelope: try SOAPEnvelope(parsing: refused.body))
            #expect(fault.subcode == version.faultCodes.badContextToken.name)
        }
    }

    @Test func aCookieContextTheSTSIssuedIsAcceptedByTheEchoServiceUnderTheSharedKey() async throws {
        try await Self.serving(cookies: true) { harness in
            let (client, transport) = Self.client(harness, appliesTo: Self.echoAddress)
            let context = try await client.establish()
            // Nothing stored: the context travels in its cookie.
            #expect(try await harness.store.context(identifier: context.identifier) == nil)
            let reply = try await client.send(EchoService.request("cookie"), action: EchoService.action)
            #expect(EchoService.reply(in: reply) == EchoService.greeting(identity: Self.gatewayOwner, text: "cookie"))
            let lastEcho = try #require(transport.last)
            try await client.cancel()
            let refused = try await SecureConversationOverHTTPTests.post(
                lastEcho.bytes, to: harness.server.url + "/echo", soap: .v12, action: EchoService.action)
            #expect(try SOAPFault(envelope: try SOAPEnvelope(parsing: refused.body)).subcode == SecureConversationVersion.v13.faultCodes.badContextToken.name)

            // A cookie context issued for the STS is no more the echo service's than a stored one.
            let (forSTS, _) = Self.client(harness, appliesTo: Self.stsAddress)
            try await forSTS.establish()
            await #expect {
                try await forSTS.send(EchoService.request("wrong service"), action: EchoService.action)
            } throws: { Self.faultSubcode($0) == "BadContextToken" }
        }
    }

    @Test func aContextIssuedForAnotherServiceIsRefusedWithBadContextToken() async throws {
        try await Self.serving { harness in
            // Issued for the STS, presented to the echo service.
            let (forSTS, _) = Self.client(harness, appliesTo: Self.stsAddress)
            try await forSTS.establish()
            await #expect {
                try await forSTS.send(EchoService.request("wrong service"), action: EchoService.action)
            } throws: { Self.faultSubcode($0) == "BadContextToken" }

            // Issued for the echo service, securing an RST to the STS.
            let (forEcho, _) = Self.client(harness, appliesTo: Self.echoAddress)
            try await forEcho.establish()
            await #expect {
                try await forEcho.send(Self.issueRequest(), action: WSTrustVersion.v13.requestAction(.issue))
            } throws: { Self.faultSubcode($0) == "BadContextToken" }

            // Established at the echo service itself: not the STS's to accept.
            let (own, ownTransport) = Self.client(harness, appliesTo: nil)
            ownTransport.sendTrustToService(true)
            try await own.establish()
            ownTransport.sendTrustToService(false)
            await #expect {
                try await own.send(Self.issueRequest(), action: WSTrustVersion.v13.requestAction(.issue))
            } throws: { Self.faultSubcode($0) == "BadContextToken" }
        }
    }

    @Test func anRSTSecuredWithAContextIsAnsweredForItsOwner() async throws {
        try await Self.serving { harness in
            let (client, transport) = Self.client(harness, appliesTo: Self.stsAddress)
            try await client.establish()
            let response = try await client.send(Self.issueRequest(), action: WSTrustVersion.v13.requestAction(.issue))
            let collection = try #require(response.bodyPayload)
            #expect(collection.localName == "RequestSecurityTokenResponseCollection")
            let assertion = try #require(collection.firstDescendant(namedAnyOf: [QName("urn:oasis:names:tc:SAML:2.0:assertion", "Assertion")]))
            // Issued for the gateway, the requestor that established the context.
            let subject = assertion.firstDescendant(namedAnyOf: [QName("urn:oasis:names:tc:SAML:2.0:assertion", "NameID")])
            #expect(subject?.trimmedText == TestPKI.gateway.certificate.subject.description)
            // The answer was encrypted under the context.
            #expect(!String(decoding: try #require(transport.lastResponse), as: UTF8.self).contains("Assertion"))

            // The owner's delegation rights hold: the gateway may ask on behalf of a user.
            let delegated = try await client.send(Self.issueRequest(onBehalfOf: "jdoe"), action: WSTrustVersion.v13.requestAction(.issue))
            let delegatedSubject = delegated.bodyPayload?.firstDescendant(namedAnyOf: [QName("urn:oasis:names:tc:SAML:2.0:assertion", "NameID")])
            #expect(delegatedSubject?.trimmedText == "jdoe")
            // And the relying party's authorization judges the owner: not a requestor it lists.
            await #expect {
                try await client.send(Self.issueRequest(appliesTo: Self.restrictedAddress), action: WSTrustVersion.v13.requestAction(.issue))
            } throws: { Self.faultSubcode($0) == "FailedAuthentication" }

            // Cancelled at the STS, the context no longer secures an RST.
            let lastRST = try #require(transport.last)
            try await client.cancel()
            let refused = try await SecureConversationOverHTTPTests.post(
                lastRST.bytes, to: harness.server.url + "/sts", soap: .v12, action: WSTrustVersion.v13.requestAction(.issue))
            let fault = try SOAPFault(envelope: try SOAPEnvelope(parsing: refused.body))
            #expect(fault.subcode == SecureConversationVersion.v13.faultCodes.badContextToken.name)
        }
    }

    @Test func anRSTWhoseContextSignatureLeavesTheBodyOutIsRefused() async throws {
        try await Self.serving { harness in
            let (client, _) = Self.client(harness, appliesTo: Self.stsAddress)
            let context = try await client.establish()
            let record = try #require(try await harness.store.context(identifier: context.identifier))
            // Keys really derived from the context: the signature verifies, the Body is
            // encrypted under the context, but the signature covers the Timestamp alone.
            let envelope = Self.issueRequest()
            let security = try envelope.ensureSecurityHeader()
            let now = Date()
            _ = Timestamp(created: now, expires: now.addingTimeInterval(300)).write(into: security, id: "TS-1")
            let reference = SecurityContextToken(version: .v13, identifier: record.identifier).unattachedReference
            let signing = DerivedKeyToken(
                version: .v13, id: "DK-1", reference: reference, position: .offset(0), length: 24, nonce: SecureRandom.bytes(16))
            let encrypting = DerivedKeyToken(
                version: .v13, id: "DK-2", reference: reference, position: .offset(0), length: 32, nonce: SecureRandom.bytes(16))
            _ = signing.write(into: security)
            _ = encrypting.write(into: security)
            let dk = SecureConversationVersion.v13.derivedKeyValueType
            let signature = try SignatureBuilder(algorithm: .hmacSHA1, references: [.init(uri: "#TS-1", digestMethod: .sha1)])
                .sign(in: security, key: .secret(try signing.deriveKey(from: record.secret))) { keyInfo in
                    _ = SecurityTokenReference.write(.reference(uri: "#DK-1", valueType: dk), into: keyInfo)
                }
            try XMLEncryptor(algorithm: .aes256CBC).encrypt(
                envelope.body, type: .content, key: try encrypting.deriveKey(from: record.secret), id: "ED-1"
            ) { keyInfo in
                _ = SecurityTokenReference.write(.reference(uri: "#DK-2", valueType: dk), into: keyInfo)
            }
            let xenc = XMLSecurityNamespace.xenc
            security.insertChild("ReferenceList", xenc, prefix: "xenc", before: signature)
                .addChild("DataReference", xenc, prefix: "xenc").setAttribute("URI", value: "#ED-1")

            let answer = try await SecureConversationOverHTTPTests.post(
                envelope.serialize(), to: harness.server.url + "/sts", soap: .v12, action: WSTrustVersion.v13.requestAction(.issue))
            let fault = try SOAPFault(envelope: try SOAPEnvelope(parsing: answer.body))
            // The signature verified (no wsse:FailedCheck); the policy refuses a Body it does not
            // cover (WS-SecurityPolicy 1.2 §4.1.1 SignedParts).
            #expect(fault.subcode == QName(WSSNamespace.secext, "InvalidSecurity"))
            #expect(!String(decoding: answer.body, as: UTF8.self).contains("Assertion"))
        }
    }

    @Test func aContextIsIssuedOnlyWhereTheRelyingPartiesAllowIt() async throws {
        try await Self.serving { harness in
            // A party whose authorization names other requestors.
            let (restricted, _) = Self.client(harness, appliesTo: Self.restrictedAddress)
            await #expect { try await restricted.establish() } throws: { Self.faultSubcode($0) == "FailedAuthentication" }
            // A party without securityContexts, and no AppliesTo at all.
            let (hello, _) = Self.client(harness, appliesTo: TestPKI.helloService)
            await #expect { try await hello.establish() } throws: { Self.faultSubcode($0) == "InvalidRequest" }
            let (none, _) = Self.client(harness, appliesTo: nil)
            await #expect { try await none.establish() } throws: { Self.faultSubcode($0) == "InvalidRequest" }
        }
    }

    /// An Issue RST for a SAML token for `appliesTo` (the hello service), for the requestor
    /// itself or on behalf of a user.
    static func issueRequest(appliesTo: String = TestPKI.helloService, onBehalfOf: String? = nil) -> SOAPEnvelope {
        let envelope = SOAPEnvelope(version: .v12)
        var rst = RequestSecurityToken(version: .v13, requestType: .issue)
        rst.appliesTo = AppliesTo(address: appliesTo)
        rst.tokenType = .saml20
        if let onBehalfOf {
            let holder = XMLDocument(rootLocalName: "Holder", namespace: nil)
            rst.onBehalfOf = UsernameToken(username: onBehalfOf, password: nil).write(into: holder.root)
        }
        rst.write(into: envelope.body)
        return envelope
    }
}

/// Sends the WS-Trust requests (issue, renew, cancel of a context, RSTs) to the STS and
/// everything else to the service, remembering the last request and response and rewriting
/// requests on demand.
final class TrustRoutingTransport: SOAPTransport {
    struct Sent: Sendable {
        let bytes: [UInt8]
        let version: SOAPVersion
    }

    let sts: HTTPSOAPTransport
    let service: HTTPSOAPTransport
    private struct State {
        var last: Sent?
        var lastResponse: [UInt8]?
        var sentToSTS: [String] = []
        var tamper: (@Sendable ([UInt8]) -> [UInt8])?
        var trustToService = false
    }
    private let state = Mutex(State())

    init(sts: HTTPSOAPTransport, service: HTTPSOAPTransport) {
        self.sts = sts
        self.service = service
    }

    var last: Sent? { state.withLock { $0.last } }
    var lastResponse: [UInt8]? { state.withLock { $0.lastResponse } }
    var sentToSTS: [String] { state.withLock { $0.sentToSTS } }
    func tamper(_ change: (@Sendable ([UInt8]) -> [UInt8])?) { state.withLock { $0.tamper = change } }
    /// Sends WS-Trust requests to the service too (a context the service establishes itself).
    func sendTrustToService(_ on: Bool) { state.withLock { $0.trustToService = on } }

    func exchange(_ request: [UInt8], version: SOAPVersion, action: String?) async throws -> [UInt8] {
        let isTrust = action.map { $0.contains("/ws-sx/ws-trust/200512/") || $0.contains("/ws/2005/02/trust/") } ?? false
        let (bytes, toSTS) = state.withLock { state in
            let bytes = state.tamper.map { $0(request) } ?? request
            state.last = Sent(bytes: bytes, version: version)
            let toSTS = isTrust && !state.trustToService
            if toSTS { state.sentToSTS.append(action ?? "") }
            return (bytes, toSTS)
        }
        let response = try await (toSTS ? sts : service).exchange(bytes, version: version, action: action)
        state.withLock { $0.lastResponse = response }
        return response
    }
}
