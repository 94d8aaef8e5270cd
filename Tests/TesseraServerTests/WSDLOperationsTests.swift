import Foundation
import SOAP
import Testing
import TesseraTestSupport
import WSTrust
import XMLCore
@testable import TesseraServer

/// `GET /sts?wsdl` describes all four WS-Trust bindings the token service answers — Issue,
/// Validate, Renew and Cancel (WS-Trust 1.3 §4, §7, §8, §9) — in every portType and every
/// SOAP 1.1 and 1.2 binding, with the request and final-response actions of the endpoint's
/// WS-Trust version; read back by XMLCore and, independently, by zeep.
struct WSDLOperationsTests {
    static let wsdl = MetadataNamespace.wsdl
    static let wsam = MetadataNamespace.addressingMetadata
    static let operations = ["Issue", "Validate", "Renew", "Cancel"]

    /// The actions as WS-Trust 1.3 §4.1, §7, §8, §9 and the 2005/02 namespace spell them,
    /// written out here rather than taken from `WSTrustVersion`.
    static func expectedActions(_ operation: String, trust: String) -> (request: String, response: String) {
        if trust == WSTrustVersion.v13.namespace {
            return ("\(trust)/RST/\(operation)", operation == "Issue" ? "\(trust)/RSTRC/IssueFinal" : "\(trust)/RSTR/\(operation)Final")
        }
        return ("\(trust)/RST/\(operation)", "\(trust)/RSTR/\(operation)")
    }

    @Test func everyPortTypeHasTheFourOperationsWithTheirActions() async throws {
        try await TestServer.with { server in
            let root = try XMLDocument(parsing: try await server.get("/sts?wsdl").body).root
            let portTypes = root.children("portType", Self.wsdl)
            #expect(Set(portTypes.compactMap { $0.attribute("name") }) == ["SecurityTokenService_WSTrust13", "SecurityTokenService_WSTrust2005"])
            for portType in portTypes {
                let trust = portType.attribute("name") == "SecurityTokenService_WSTrust13" ? WSTrustVersion.v13.namespace : WSTrustVersion.v200502.namespace
                let operations = portType.children("operation", Self.wsdl)
                #expect(operations.compactMap { $0.attribute("name") } == Self.operations)
                for operation in operations {
                    let expected = Self.expectedActions(operation.attribute("name") ?? "", trust: trust)
                    #expect(operation.firstChild("input", Self.wsdl)?.attribute("Action", Self.wsam) == expected.request)
                    #expect(operation.firstChild("output", Self.wsdl)?.attribute("Action", Self.wsam) == expected.response)
                }
            }
        }
    }

    @Test func everyBindingHasTheFourOperationsWithTheirSOAPActions() async throws {
        try await TestServer.with { server in
            let root = try XMLDocument(parsing: try await server.get("/sts?wsdl").body).root
            let bindings = root.children("binding", Self.wsdl)
            #expect(bindings.count == 6)
            for binding in bindings {
                let name = binding.attribute("name") ?? ""
                let trust = name.contains("WSTrust13") ? WSTrustVersion.v13.namespace : WSTrustVersion.v200502.namespace
                let soap = name.hasSuffix("Soap11") ? MetadataNamespace.soap11Binding : MetadataNamespace.soap12Binding
                let operations = binding.children("operation", Self.wsdl)
                #expect(operations.compactMap { $0.attribute("name") } == Self.operations, "\(name)")
                for operation in operations {
                    let soapOperation = operation.firstChild("operation", soap)
                    #expect(soapOperation?.attribute("soapAction") == Self.expectedActions(operation.attribute("name") ?? "", trust: trust).request, "\(name)")
                }
            }
        }
    }

    /// zeep, as a toolkit generating a client, finds Validate, Renew and Cancel with their
    /// SOAPActions and message elements on every port, SOAP 1.1 and 1.2.
    @Test(.tags(.interop), .enabled(if: PythonOracle.available, "TESSERA_PYTHON is not set"))
    func zeepFindsEveryOperationOnEveryPortInterop() async throws {
        try await TestServer.with { server in
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-wsdl-\(UUID().uuidString).wsdl")
            defer { try? FileManager.default.removeItem(at: file) }
            try Data(try await server.get("/sts?wsdl").body).write(to: file)
            let result = try await PythonOracle.run("zeep_wsdl.py", [file.path])
            #expect(result.status == 0, "\(result.stderr)")
            let lines = Set(result.stdoutText.split(separator: "\n").map(String.init))
            let v13 = WSTrustVersion.v13.namespace, v2005 = WSTrustVersion.v200502.namespace
            for soap in ["Soap11", "Soap12"] {
                for operation in Self.operations {
                    let collection = operation == "Issue" ? "RequestSecurityTokenResponseCollection" : "RequestSecurityTokenResponse"
                    #expect(lines.contains("operation sts_\(soap) \(operation) \(v13)/RST/\(operation) {\(v13)}RequestSecurityToken {\(v13)}\(collection)"))
                    #expect(
                        lines.contains(
                            "operation adfs-2005-usernamemixed_\(soap) \(operation) \(v2005)/RST/\(operation) {\(v2005)}RequestSecurityToken {\(v2005)}RequestSecurityTokenResponse"
                        ))
                }
            }
        }
    }
}
