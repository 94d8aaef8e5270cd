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

    /// The element reached from `element` through children with these `sp`/`wsp` local names.
    static func path(_ element: XMLElement?, _ names: String...) -> XMLElement? {
        var current = element
        for name in names {
            current = current?.children.first { $0.localName == name && ($0.namespaceURI == sp || $0.namespaceURI == wsp) }
        }
        return current
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
        section.versions = [.v200502]
        let (root, _, _) = try await Self.fetch(section)
        let all = try Self.bindingPolicy(root)
        #expect(Self.path(all, "SymmetricBinding", "Policy", "AlgorithmSuite", "Policy", "Basic256") != nil)
        let token = try #require(Self.path(all, "SymmetricBinding", "Policy", "ProtectionToken", "Policy", "SecureConversationToken"))
        #expect(Self.path(token, "Policy", "SC13SecurityContextToken") == nil)
        let alternatives = try #require(Self.path(Self.bootstrap(all), "ExactlyOne")).children("All", Self.wsp)
        #expect(alternatives.count == 1)  // no issuer accepts bearer assertions
        let issued = try #require(Self.path(alternatives.first, "AsymmetricBinding", "Policy", "InitiatorToken", "Policy", "IssuedToken"))
        let template = try #require(Self.path(issued, "RequestSecurityTokenTemplate"))
        #expect(template.children.map(\.trimmedText).contains("http://docs.oasis-open.org/ws-sx/ws-trust/200512/PublicKey"))
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
