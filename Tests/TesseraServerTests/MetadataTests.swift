import Foundation
import SOAP
import Testing
import TesseraTestSupport
import WSSecurity
import WSTrust
import XMLCore
@testable import TesseraServer

/// The WSDL at `<endpoint>?wsdl` and the ADFS metadata at `/adfs/services/trust/mex`: parsed
/// back, read by zeep, and searched the way ADFS clients (MSAL) do.
struct MetadataTests {
    static let wsdl = MetadataNamespace.wsdl
    static let wsp = MetadataNamespace.policy
    static let sp = MetadataNamespace.securityPolicy12
    static let sp2005 = MetadataNamespace.securityPolicy2005

    func policies(_ root: XMLElement) -> [String: XMLElement] {
        Dictionary(uniqueKeysWithValues: root.children("Policy", Self.wsp).map { ($0.attribute("Id", WSSNamespace.utility) ?? "", $0) })
    }

    func descendant(_ element: XMLElement, _ localName: String, _ namespace: String) -> XMLElement? {
        element.descendantsAndSelf.first { $0.is(localName, namespace) }
    }

    func addresses(_ root: XMLElement) -> [String: String] {
        var result: [String: String] = [:]
        for port in root.firstChild("service", Self.wsdl)?.children("port", Self.wsdl) ?? [] {
            result[port.attribute("name") ?? ""] = descendant(port, "Address", MetadataNamespace.addressing)?.trimmedText
        }
        return result
    }

    @Test func wsdlNamesThePoliciesOfEachBinding() async throws {
        try await TestServer.with { server in
            let result = try await server.get("/sts?wsdl")
            #expect(result.status == 200)
            #expect(result.header("Content-Type")?.hasPrefix("text/xml") == true)
            let root = try XMLDocument(parsing: result.body).root
            #expect(root.is("definitions", Self.wsdl))

            let byID = policies(root)
            let x509 = try #require(byID["Tessera_X509Signature_policy"])
            let asymmetric = try #require(descendant(x509, "AsymmetricBinding", Self.sp))
            #expect(descendant(asymmetric, "InitiatorToken", Self.sp).flatMap { descendant($0, "X509Token", Self.sp) } != nil)
            #expect(descendant(asymmetric, "IncludeTimestamp", Self.sp) != nil)
            let input = try #require(byID["Tessera_X509Signature_Input_policy"])
            #expect(descendant(input, "SignedParts", Self.sp).flatMap { descendant($0, "Body", Self.sp) } != nil)
            let username = try #require(byID["Tessera_UsernameOverTransport13_policy"])
            #expect(descendant(username, "TransportBinding", Self.sp) != nil)
            #expect(descendant(username, "SignedEncryptedSupportingTokens", Self.sp).flatMap { descendant($0, "WssUsernameToken10", Self.sp) } != nil)
            let username2005 = try #require(byID["Tessera_UsernameOverTransport2005_policy"])
            #expect(descendant(username2005, "SignedSupportingTokens", Self.sp2005) != nil)

            // Every binding refers to a policy of the document; SOAP 1.1 and 1.2 for each.
            let bindings = root.children("binding", Self.wsdl)
            #expect(
                Set(bindings.compactMap { $0.attribute("name") }) == [
                    "X509Signature_WSTrust13_Soap11", "X509Signature_WSTrust13_Soap12",
                    "UsernameOverTransport_WSTrust13_Soap11", "UsernameOverTransport_WSTrust13_Soap12",
                    "UsernameOverTransport_WSTrust2005_Soap11", "UsernameOverTransport_WSTrust2005_Soap12",
                ])
            for binding in bindings {
                let reference = try #require(binding.firstChild("PolicyReference", Self.wsp)?.attribute("URI"))
                #expect(byID[String(reference.dropFirst())] != nil, "\(reference)")
            }
            let base = "http://127.0.0.1:\(server.port)"
            #expect(addresses(root)["sts_Soap11"] == base + "/sts")
            #expect(addresses(root)["adfs-2005-usernamemixed_Soap12"] == base + "/adfs/services/trust/2005/usernamemixed")
            #expect(addresses(root).count == 8)
        }
    }

    @Test func metadataExchangeListsTheAliasesAtThePublicAddress() async throws {
        var configuration = TestPKI.configuration()
        configuration.publicBaseURL = "https://sts.example.com/"
        try await TestServer.with(configuration) { server in
            let root = try XMLDocument(parsing: try await server.get("/adfs/services/trust/mex").body).root
            #expect(root.is("definitions", Self.wsdl))
            #expect(
                addresses(root) == [
                    "sts_Soap12": "https://sts.example.com/sts",
                    "adfs-13-usernamemixed_Soap12": "https://sts.example.com/adfs/services/trust/13/usernamemixed",
                    "adfs-2005-usernamemixed_Soap12": "https://sts.example.com/adfs/services/trust/2005/usernamemixed",
                    "adfs-13-certificatemixed_Soap12": "https://sts.example.com/adfs/services/trust/13/certificatemixed",
                ])
            // ADFS clients read soap12 bindings only.
            #expect(root.children("binding", Self.wsdl).allSatisfy { $0.firstChild("binding", MetadataNamespace.soap12Binding) != nil })
        }
    }

    @Test func metadataExchangeAnswersAWSTransferGet() async throws {
        try await TestServer.with { server in
            let request = SOAPEnvelope(version: .v12)
            AddressingHeaders(action: ServiceDescription.getAction, messageID: "urn:uuid:1").write(to: request)
            let result = try await server.postSOAP(request.serialize(), to: "/adfs/services/trust/mex", version: .soap12, action: ServiceDescription.getAction)
            #expect(result.status == 200)
            let response = try SOAPEnvelope(parsing: result.body)
            #expect(try AddressingHeaders(reading: response)?.relatesTo.first?.messageID == "urn:uuid:1")
            let section = try #require(response.bodyPayload?.firstChild("MetadataSection", MetadataNamespace.metadataExchange))
            #expect(section.attribute("Dialect") == Self.wsdl)
            #expect(section.firstChild("definitions", Self.wsdl)?.firstChild("service", Self.wsdl) != nil)

            let put = SOAPEnvelope(version: .v12)
            AddressingHeaders(action: MetadataNamespace.transfer + "/Put", messageID: "urn:uuid:2").write(to: put)
            let other = try await server.postSOAP(put.serialize(), to: "/adfs/services/trust/mex", version: .soap12, action: nil)
            #expect(other.status == 400)
            #expect(try SOAPFault(envelope: try SOAPEnvelope(parsing: other.body)).subcode?.localName == "ActionNotSupported")
        }
    }

    @Test(.enabled(if: PythonOracle.available, "TESSERA_PYTHON is not set"))
    func zeepLoadsTheWSDLFromTheServer() async throws {
        try await TestServer.with(over: .loopback) { server in
            let result = try await PythonOracle.run("zeep_wsdl.py", [server.baseURL + "/sts?wsdl"])
            #expect(result.status == 0, "\(result.stderr)")
            let lines = result.stdoutText.split(separator: "\n").map(String.init)
            #expect(lines.contains("port SecurityTokenService sts_Soap11 X509Signature_WSTrust13_Soap11 soap11 \(server.baseURL)/sts"))
            #expect(
                lines.contains(
                    "port SecurityTokenService adfs-13-usernamemixed_Soap12 UsernameOverTransport_WSTrust13_Soap12 soap12 \(server.baseURL)/adfs/services/trust/13/usernamemixed"
                ))
            let v13 = WSTrustVersion.v13.namespace, v2005 = WSTrustVersion.v200502.namespace
            #expect(lines.contains("operation sts_Soap12 Issue \(v13)/RST/Issue {\(v13)}RequestSecurityToken {\(v13)}RequestSecurityTokenResponseCollection"))
            #expect(
                lines.contains(
                    "operation adfs-2005-usernamemixed_Soap11 Issue \(v2005)/RST/Issue {\(v2005)}RequestSecurityToken {\(v2005)}RequestSecurityTokenResponse"))
        }
    }

    @Test(.enabled(if: PythonOracle.available, "TESSERA_PYTHON is not set"))
    func adfsClientRulesFindTheUsernameEndpoint() async throws {
        var configuration = TestPKI.configuration()
        configuration.publicBaseURL = "https://sts.example.com"
        try await TestServer.with(configuration) { server in
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-mex-\(UUID().uuidString).xml")
            defer { try? FileManager.default.removeItem(at: file) }
            try Data(try await server.get("/adfs/services/trust/mex").body).write(to: file)
            let result = try await PythonOracle.run("mex_endpoints.py", [file.path])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(
                result.stdoutText.split(separator: "\n") == [
                    "https://sts.example.com/adfs/services/trust/13/usernamemixed \(WSTrustVersion.v13.requestAction(.issue))",
                    "https://sts.example.com/adfs/services/trust/2005/usernamemixed \(WSTrustVersion.v200502.requestAction(.issue))",
                ])
        }
    }
}
