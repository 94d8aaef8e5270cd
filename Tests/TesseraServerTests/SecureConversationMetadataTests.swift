import Foundation
import SOAP
import TesseraSamples
import Testing
import TesseraTestSupport
import WSSecurity
import XMLCore
@testable import TesseraServer

/// The echo service's WSDL at `/echo?wsdl` (and `/echo/mex`), fetched over loopback HTTP from the
/// serve composition and parsed: a SymmetricBinding with a SecureConversationToken whose
/// BootstrapPolicy nests the bootstrap's binding (AsymmetricBinding for X.509, TransportBinding
/// with a signed supporting UsernameToken for username-over-TLS, IssuedToken for SAML), the
/// configured algorithm suite, Wss11 and Trust13, every policy reference resolving; zeep loads it.
@Suite struct SecureConversationMetadataTests {
    static let wsdl = MetadataNamespace.wsdl
    static let wsp = MetadataNamespace.policy
    static let sp = MetadataNamespace.securityPolicy12

    /// WS-SecurityPolicy 1.1, which the February 2005 alternative is written in.
    static let sp11 = MetadataNamespace.securityPolicy2005

    /// The element reached from `element` through children with these `sp`/`wsp` local names.
    static func path(_ element: XMLElement?, _ names: String...) -> XMLElement? {
        path(element, in: sp, names)
    }

    /// The element reached from `element` through children with these local names, in
    /// `securityPolicy` or WS-Policy.
    static func path(_ element: XMLElement?, in securityPolicy: String, _ names: [String]) -> XMLElement? {
        var current = element
        for name in names {
            current = current?.children.first { $0.localName == name && ($0.namespaceURI == securityPolicy || $0.namespaceURI == wsp) }
        }
        return current
    }

    /// The alternatives of the policy with `id`.
    static func alternatives(_ root: XMLElement, id: String) throws -> [XMLElement] {
        let policy = try #require(root.children("Policy", wsp).first { $0.attribute("Id", WSSNamespace.utility) == id })
        return try #require(path(policy, "ExactlyOne")).children("All", wsp)
    }

    static func fetch(_ section: ServerConfiguration.SecureConversation, configure: (inout ServerConfiguration) -> Void = { _ in }) async throws
        -> (XMLElement, String, XMLElement)
    {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-sc-wsdl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var configuration = TestPKI.configuration()
        configuration.secureConversation = section
        configure(&configuration)
        try configuration.validate()
        return try await TestServer.serving(configuration, in: directory) { server, _ in
            let result = try await server.get(section.path + "?wsdl")
            #expect(result.status == 200)
            let root = try XMLDocument(parsing: result.body).root
            // The same description through WS-MetadataExchange.
            let get = SOAPEnvelope(version: .v12)
            AddressingHeaders(action: ServiceDescription.getAction, messageID: "urn:uuid:mex-1").write(to: get)
            let mex = try await server.postSOAP(get.serialize(), to: section.path + "/mex", version: .soap12, action: ServiceDescription.getAction)
            #expect(mex.status == 200)
            let exchanged = try SOAPEnvelope(parsing: mex.body)
            let definitions = try #require(
                exchanged.bodyPayload?.firstChild("MetadataSection", MetadataNamespace.metadataExchange)?.firstChild("definitions", Self.wsdl))
            return (root, server.baseURL, definitions)
        }
    }

    /// The binding policy's one alternative.
    static func bindingPolicy(_ root: XMLElement) throws -> XMLElement {
        let policy = try #require(
            root.children("Policy", wsp).first { $0.attribute("Id", WSSNamespace.utility) == SecureConversationPolicyWriter.bindingPolicyID })
        return try #require(path(policy, "ExactlyOne", "All"))
    }

    static func bootstrap(_ all: XMLElement) -> XMLElement? {
        path(all, "SymmetricBinding", "Policy", "ProtectionToken", "Policy", "SecureConversationToken", "Policy", "BootstrapPolicy", "Policy")
    }

    @Test func theX509BootstrapIsAnAsymmetricBindingInsideTheSecureConversationToken() async throws {
        var section = ServerConfiguration.SecureConversation()
        section.algorithmSuite = .basic128
        let (root, baseURL, exchanged) = try await Self.fetch(section)
        let all = try Self.bindingPolicy(root)
        #expect(Self.path(all, "SymmetricBinding", "Policy", "AlgorithmSuite", "Policy", "Basic128") != nil)
        let token = try #require(Self.path(all, "SymmetricBinding", "Policy", "ProtectionToken", "Policy", "SecureConversationToken"))
        #expect(token.attribute("IncludeToken", Self.sp) == "\(Self.sp)/IncludeToken/AlwaysToRecipient")
        #expect(Self.path(token, "Policy", "RequireDerivedKeys") != nil)
        #expect(Self.path(token, "Policy", "SC13SecurityContextToken") != nil)
        #expect(Self.path(token, "Policy", "MustNotSendRenew") == nil)
        #expect(Self.path(token, "Policy", "MustNotSendAmend") == nil)
        let bootstrap = try #require(Self.path(Self.bootstrap(all), "ExactlyOne", "All"))
        let asymmetric = try #require(Self.path(bootstrap, "AsymmetricBinding", "Policy"))
        #expect(Self.path(asymmetric, "InitiatorToken", "Policy", "X509Token", "Policy", "WssX509V3Token10") != nil)
        #expect(Self.path(asymmetric, "RecipientToken", "Policy", "X509Token") != nil)
        #expect(Self.path(asymmetric, "AlgorithmSuite", "Policy", "Basic128") != nil)
        #expect(Self.path(bootstrap, "SignedParts", "Body") != nil)
        #expect(Self.path(bootstrap, "EncryptedParts", "Body") != nil)
        #expect(Self.path(all, "Wss11", "Policy", "MustSupportRefKeyIdentifier") != nil)
        #expect(Self.path(all, "Trust13", "Policy", "RequireClientEntropy") != nil)

        // Every policy reference names a policy of the document; the ports name the echo address.
        let ids = Set(root.children("Policy", Self.wsp).compactMap { $0.attribute("Id", WSSNamespace.utility) })
        let references = root.descendantsAndSelf.filter { $0.is("PolicyReference", Self.wsp) }.compactMap { $0.attribute("URI") }
        #expect(references.count == 2 * (1 + 2))  // per SOAP version: the binding, Echo's input and output
        #expect(references.allSatisfy { $0.hasPrefix("#") && ids.contains(String($0.dropFirst())) })
        let addresses = root.firstChild("service", Self.wsdl)?.children("port", Self.wsdl).compactMap {
            $0.children.first { $0.localName == "address" }?.attribute("location")
        }
        #expect(addresses == [baseURL + "/echo", baseURL + "/echo"])
        #expect(exchanged.children("Policy", Self.wsp).count == 2)
        #expect(Self.path(Self.bootstrap(try Self.bindingPolicy(exchanged)), "ExactlyOne", "All", "AsymmetricBinding") != nil)
    }

    @Test func theUsernameBootstrapIsATransportBindingWithASignedSupportingUsernameToken() async throws {
        var section = ServerConfiguration.SecureConversation()
        section.bootstrap = .usernameOverTLS
        section.algorithmSuite = .basic256Sha256
        section.renewal.enabled = false
        section.amendment.enabled = false
        let (root, _, _) = try await Self.fetch(section) { configuration in
            configuration.listen.trustedProxies = ["10.0.0.5"]
            configuration.users = [TestPKI.alice]
        }
        let all = try Self.bindingPolicy(root)
        #expect(Self.path(all, "SymmetricBinding", "Policy", "AlgorithmSuite", "Policy", "Basic256Sha256") != nil)
        let token = try #require(Self.path(all, "SymmetricBinding", "Policy", "ProtectionToken", "Policy", "SecureConversationToken"))
        #expect(Self.path(token, "Policy", "MustNotSendRenew") != nil)
        #expect(Self.path(token, "Policy", "MustNotSendAmend") != nil)
        let bootstrap = try #require(Self.path(Self.bootstrap(all), "ExactlyOne", "All"))
        #expect(Self.path(bootstrap, "TransportBinding", "Policy", "TransportToken", "Policy", "HttpsToken") != nil)
        #expect(Self.path(bootstrap, "SignedSupportingTokens", "Policy", "UsernameToken", "Policy", "WssUsernameToken10") != nil)
        #expect(Self.path(bootstrap, "AsymmetricBinding") == nil)
    }

    @Test func theSAMLBootstrapIsAnIssuedToken() async throws {
        var section = ServerConfiguration.SecureConversation()
        section.bootstrap = .issuedSAML
        section.issuedSAML = .init(issuers: [.init(name: "https://sts.tessera.test", certificates: [TestPKI.path("sts.cert.pem")])], audiences: ["urn:echo"])
        let (root, _, _) = try await Self.fetch(section)
        let all = try Self.bindingPolicy(root)
        #expect(Self.path(all, "SymmetricBinding", "Policy", "AlgorithmSuite", "Policy", "Basic256") != nil)
        let alternatives = try #require(Self.path(Self.bootstrap(all), "ExactlyOne")).children("All", Self.wsp)
        #expect(alternatives.count == 1)  // no issuer accepts bearer assertions
        let issued = try #require(Self.path(alternatives.first, "AsymmetricBinding", "Policy", "InitiatorToken", "Policy", "IssuedToken"))
        let template = try #require(Self.path(issued, "RequestSecurityTokenTemplate"))
        #expect(template.children.map(\.trimmedText).contains("http://docs.oasis-open.org/ws-sx/ws-trust/200512/PublicKey"))
    }

    /// WS-SC 1.3 alone: one WS-SP 1.2 alternative with `sp:SC13SecurityContextToken`, in the
    /// binding and message policies alike.
    @Test func aServiceOfWSSC13AloneSaysSC13InWSSecurityPolicy12() async throws {
        var section = ServerConfiguration.SecureConversation()
        section.versions = [.v13]
        let (root, _, _) = try await Self.fetch(section)
        let bindings = try Self.alternatives(root, id: SecureConversationPolicyWriter.bindingPolicyID)
        #expect(bindings.count == 1)
        let token = try #require(
            Self.path(bindings.first, "SymmetricBinding", "Policy", "ProtectionToken", "Policy", "SecureConversationToken"))
        #expect(Self.path(token, "Policy", "SC13SecurityContextToken") != nil)
        #expect(Self.path(token, in: Self.sp11, ["Policy", "SC10SecurityContextToken"]) == nil)
        #expect(!root.descendantsAndSelf.contains { $0.namespaceURI == Self.sp11 })
        #expect(try Self.alternatives(root, id: SecureConversationPolicyWriter.messagePolicyID).count == 1)
    }

    /// The February 2005 draft alone: one alternative in WS-SP 1.1 (the July 2005 namespace, as
    /// WCF writes it for that version) with `sp:SC10SecurityContextToken`, `Trust10`, the
    /// issued-token template in WS-Trust February 2005, and no WS-SP 1.2 assertion anywhere.
    @Test func aServiceOfTheFebruary2005DraftAloneSaysSC10InWSSecurityPolicy11() async throws {
        var section = ServerConfiguration.SecureConversation()
        section.bootstrap = .issuedSAML
        section.issuedSAML = .init(issuers: [.init(name: "https://sts.tessera.test", certificates: [TestPKI.path("sts.cert.pem")])], audiences: ["urn:echo"])
        section.versions = [.v200502]
        section.renewal.enabled = false
        let (root, _, exchanged) = try await Self.fetch(section)
        for document in [root, exchanged] {
            let bindings = try Self.alternatives(document, id: SecureConversationPolicyWriter.bindingPolicyID)
            #expect(bindings.count == 1)
            let all = try #require(bindings.first)
            let token = try #require(
                Self.path(all, in: Self.sp11, ["SymmetricBinding", "Policy", "ProtectionToken", "Policy", "SecureConversationToken"]))
            #expect(token.attribute("IncludeToken", Self.sp11) == "\(Self.sp11)/IncludeToken/AlwaysToRecipient")
            #expect(Self.path(token, in: Self.sp11, ["Policy", "SC10SecurityContextToken"]) != nil)
            #expect(Self.path(token, in: Self.sp11, ["Policy", "RequireDerivedKeys"]) != nil)
            #expect(Self.path(all, in: Self.sp11, ["Trust10", "Policy", "RequireClientEntropy"]) != nil)
            #expect(Self.path(all, in: Self.sp11, ["SymmetricBinding", "Policy", "AlgorithmSuite", "Policy", "Basic256"]) != nil)
            let bootstrap = Self.path(token, in: Self.sp11, ["Policy", "BootstrapPolicy", "Policy", "ExactlyOne", "All"])
            let issued = try #require(
                Self.path(bootstrap, in: Self.sp11, ["AsymmetricBinding", "Policy", "InitiatorToken", "Policy", "IssuedToken", "RequestSecurityTokenTemplate"]))
            #expect(issued.children.map(\.trimmedText).contains("http://schemas.xmlsoap.org/ws/2005/02/trust/PublicKey"))
            // Nothing of WS-SP 1.2 (which has no SC10 token), and no SC13 marker.
            #expect(!document.descendantsAndSelf.contains { $0.namespaceURI == Self.sp })
            let messages = try Self.alternatives(document, id: SecureConversationPolicyWriter.messagePolicyID)
            #expect(messages.count == 1)
            #expect(Self.path(messages.first, in: Self.sp11, ["EncryptedParts", "Body"]) != nil)
        }
    }

    /// Both versions (the default): the WS-SC 1.3 alternative first, then the February 2005 one,
    /// each naming its own SecurityContextToken.
    @Test func aServiceOfBothVersionsOffersAnAlternativeForEach() async throws {
        var section = ServerConfiguration.SecureConversation()
        section.bootstrap = .usernameOverTLS
        let (root, _, _) = try await Self.fetch(section) { configuration in
            configuration.listen.trustedProxies = ["10.0.0.5"]
            configuration.users = [TestPKI.alice]
        }
        let bindings = try Self.alternatives(root, id: SecureConversationPolicyWriter.bindingPolicyID)
        #expect(bindings.count == 2)
        let tokenPath = ["SymmetricBinding", "Policy", "ProtectionToken", "Policy", "SecureConversationToken", "Policy"]
        #expect(Self.path(bindings.first, in: Self.sp, tokenPath + ["SC13SecurityContextToken"]) != nil)
        #expect(Self.path(bindings.first, in: Self.sp, tokenPath + ["SC10SecurityContextToken"]) == nil)
        #expect(Self.path(bindings.last, in: Self.sp11, tokenPath + ["SC10SecurityContextToken"]) != nil)
        #expect(Self.path(bindings.last, in: Self.sp11, tokenPath + ["SC13SecurityContextToken"]) == nil)
        // WS-SP 1.1's HttpsToken carries RequireClientCertificate rather than a nested policy.
        let https = try #require(
            Self.path(
                bindings.last, in: Self.sp11,
                tokenPath + ["BootstrapPolicy", "Policy", "ExactlyOne", "All", "TransportBinding", "Policy", "TransportToken", "Policy", "HttpsToken"]))
        #expect(https.attribute("RequireClientCertificate") == "false")
        #expect(try Self.alternatives(root, id: SecureConversationPolicyWriter.messagePolicyID).count == 2)
    }

    @Test(.enabled(if: PythonOracle.available, "TESSERA_PYTHON is not set"))
    func zeepLoadsTheEchoWSDL() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-sc-zeep-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var configuration = TestPKI.configuration()
        configuration.secureConversation = .init()
        try await TestServer.serving(configuration, in: directory) { server, _ in
            let result = try await PythonOracle.run("zeep_wsdl.py", [server.url + "/echo?wsdl"])
            #expect(result.status == 0, "\(result.stderr)")
            let lines = result.stdoutText.split(separator: "\n").map(String.init)
            #expect(lines.contains("port EchoService EchoService_Soap12 SecureConversation_EchoService_Soap12 soap12 \(server.baseURL)/echo"))
            #expect(
                lines.contains("operation EchoService_Soap11 Echo \(EchoService.action) {\(EchoService.namespace)}Echo {\(EchoService.namespace)}EchoResponse"))
        }
    }
}
