public import SOAP
public import WSTrust
public import XMLCore

/// The STS's service description: a WSDL 1.1 document with WS-SecurityPolicy assertions for
/// each endpoint, so SOAP toolkits can generate clients and ADFS-era clients can discover the
/// endpoints (WS-MetadataExchange). Built with the XMLCore tree, one element at a time.
///
/// The document has: the policies; the types (the WS-Trust request and response elements, open
/// content as in the WS-Trust schemas); one message per element; a portType per WS-Trust
/// version with an operation per request type; a binding per (policy, WS-Trust version, SOAP
/// version), referring to its policy; and a service with a port per endpoint and SOAP version,
/// whose address is the endpoint's URL (`soap:address` and a WS-Addressing EndpointReference).
public struct ServiceDescription: Sendable {
    /// The request types the token service answers, one WSDL operation each, with the WS-Trust
    /// actions of WS-Trust 1.3 §4.1/§7/§8/§9 (or 2005/02): Issue first, since ADFS clients read
    /// the first operation's action; then Validate, Renew and Cancel.
    public static let requestTypes: [RequestType] = [.issue, .validate, .renew, .cancel]

    public let endpoints: [STSEndpoint]
    /// Scheme, host, port (and path prefix) the endpoints are reached at, without a trailing
    /// slash.
    public let baseURL: String

    public init(endpoints: [STSEndpoint], baseURL: String) {
        self.endpoints = endpoints
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
    }

    /// The URL of `endpoint`.
    public func address(of endpoint: STSEndpoint) -> String {
        baseURL + endpoint.path
    }

    /// The WSDL document, with bindings for `soapVersions`.
    public func wsdl(soapVersions: [SOAPVersion] = SOAPVersion.allCases) -> XMLDocument {
        let document = XMLDocument(rootLocalName: "definitions", namespace: MetadataNamespace.wsdl, prefix: "wsdl")
        write(into: document.root, soapVersions: soapVersions)
        return document
    }

    /// Fills an empty `wsdl:definitions` element.
    func write(into definitions: XMLElement, soapVersions: [SOAPVersion]) {
        for (prefix, uri) in MetadataNamespace.declarations where definitions.prefix != prefix {
            definitions.declareNamespace(prefix: prefix, uri: uri)
        }
        definitions.setAttribute("name", value: "SecurityTokenService")
        definitions.setAttribute("targetNamespace", value: MetadataNamespace.target)

        let policies = SecurityPolicyWriter()
        let used = Set(endpoints.map(SecurityPolicyWriter.Policy.init))
        for policy in SecurityPolicyWriter.Policy.allCases where used.contains(policy) {
            policies.write(policy, into: definitions)
        }
        if used.contains(.x509Signature) { policies.write(.x509SignedBodyInput, into: definitions) }

        let versions = WSTrustVersion.allCases.filter { version in endpoints.contains { $0.trustVersion == version } }
        writeTypes(into: definitions, versions: versions)
        for version in versions { writeMessages(into: definitions, version: version) }
        for version in versions { writePortType(into: definitions, version: version) }
        var bindings: [BindingKey] = []
        for endpoint in endpoints {
            for soap in soapVersions {
                let key = BindingKey(policy: .init(endpoint), trust: endpoint.trustVersion, soap: soap)
                if !bindings.contains(key) { bindings.append(key) }
            }
        }
        for key in bindings { writeBinding(key, into: definitions) }
        writeService(into: definitions, soapVersions: soapVersions)
    }

    // MARK: Types and messages

    private static func prefix(_ version: WSTrustVersion) -> String {
        version == .v13 ? "wst" : "t"
    }

    private static func tag(_ version: WSTrustVersion) -> String {
        version == .v13 ? "WSTrust13" : "WSTrust2005"
    }

    /// The response element of `type` in `version`: a collection for a WS-Trust 1.3 Issue.
    private static func responseElement(_ type: RequestType, _ version: WSTrustVersion) -> String {
        version == .v13 && type == .issue ? "RequestSecurityTokenResponseCollection" : "RequestSecurityTokenResponse"
    }

    private func writeTypes(into definitions: XMLElement, versions: [WSTrustVersion]) {
        let xsd = MetadataNamespace.schema
        let types = definitions.addChild("types", MetadataNamespace.wsdl, prefix: "wsdl")
        for version in versions {
            let prefix = Self.prefix(version)
            let schema = types.addChild("schema", xsd, prefix: "xsd")
            schema.setAttribute("targetNamespace", value: version.namespace)
            schema.setAttribute("elementFormDefault", value: "qualified")
            for name in ["RequestSecurityToken", "RequestSecurityTokenResponse"] {
                let element = schema.addChild("element", xsd, prefix: "xsd")
                element.setAttribute("name", value: name)
                element.setAttribute("type", value: "\(prefix):\(name)Type")
                let type = schema.addChild("complexType", xsd, prefix: "xsd")
                type.setAttribute("name", value: "\(name)Type")
                let any = type.addChild("sequence", xsd, prefix: "xsd").addChild("any", xsd, prefix: "xsd")
                any.setAttribute("namespace", value: "##any")
                any.setAttribute("processContents", value: "lax")
                any.setAttribute("minOccurs", value: "0")
                any.setAttribute("maxOccurs", value: "unbounded")
                let context = type.addChild("attribute", xsd, prefix: "xsd")
                context.setAttribute("name", value: "Context")
                context.setAttribute("type", value: "xsd:anyURI")
                context.setAttribute("use", value: "optional")
                let anyAttribute = type.addChild("anyAttribute", xsd, prefix: "xsd")
                anyAttribute.setAttribute("namespace", value: "##other")
                anyAttribute.setAttribute("processContents", value: "lax")
            }
            if version == .v13 {
                let element = schema.addChild("element", xsd, prefix: "xsd")
                element.setAttribute("name", value: "RequestSecurityTokenResponseCollection")
                let type = element.addChild("complexType", xsd, prefix: "xsd")
                let response = type.addChild("sequence", xsd, prefix: "xsd").addChild("element", xsd, prefix: "xsd")
                response.setAttribute("ref", value: "\(prefix):RequestSecurityTokenResponse")
                response.setAttribute("minOccurs", value: "1")
                response.setAttribute("maxOccurs", value: "unbounded")
                let anyAttribute = type.addChild("anyAttribute", xsd, prefix: "xsd")
                anyAttribute.setAttribute("namespace", value: "##other")
                anyAttribute.setAttribute("processContents", value: "lax")
            }
        }
    }

    private static func messageName(_ element: String, _ version: WSTrustVersion) -> String {
        "\(element)_\(tag(version))"
    }

    private func writeMessages(into definitions: XMLElement, version: WSTrustVersion) {
        var elements = ["RequestSecurityToken"]
        for type in Self.requestTypes where !elements.contains(Self.responseElement(type, version)) {
            elements.append(Self.responseElement(type, version))
        }
        for name in elements {
            let message = definitions.addChild("message", MetadataNamespace.wsdl, prefix: "wsdl")
            message.setAttribute("name", value: Self.messageName(name, version))
            let part = message.addChild("part", MetadataNamespace.wsdl, prefix: "wsdl")
            part.setAttribute("name", value: name == "RequestSecurityToken" ? "request" : "response")
            part.setAttribute("element", value: "\(Self.prefix(version)):\(name)")
        }
    }

    private static func portTypeName(_ version: WSTrustVersion) -> String {
        "SecurityTokenService_\(tag(version))"
    }

    private func writePortType(into definitions: XMLElement, version: WSTrustVersion) {
        let wsdl = MetadataNamespace.wsdl
        let portType = definitions.addChild("portType", wsdl, prefix: "wsdl")
        portType.setAttribute("name", value: Self.portTypeName(version))
        for type in Self.requestTypes {
            let operation = portType.addChild("operation", wsdl, prefix: "wsdl")
            operation.setAttribute("name", value: type.name)
            let input = operation.addChild("input", wsdl, prefix: "wsdl")
            input.setAttribute("Action", MetadataNamespace.addressingMetadata, prefix: "wsam", value: version.requestAction(type))
            input.setAttribute("message", value: "tns:" + Self.messageName("RequestSecurityToken", version))
            let output = operation.addChild("output", wsdl, prefix: "wsdl")
            output.setAttribute("Action", MetadataNamespace.addressingMetadata, prefix: "wsam", value: version.responseAction(type))
            output.setAttribute("message", value: "tns:" + Self.messageName(Self.responseElement(type, version), version))
        }
    }

    // MARK: Bindings and service

    private struct BindingKey: Hashable {
        let policy: SecurityPolicyWriter.Policy
        let trust: WSTrustVersion
        let soap: SOAPVersion

        var name: String {
            let authentication = policy == .x509Signature ? "X509Signature" : "UsernameOverTransport"
            return "\(authentication)_\(ServiceDescription.tag(trust))_\(soap == .v11 ? "Soap11" : "Soap12")"
        }

        var soapNamespace: String { soap == .v11 ? MetadataNamespace.soap11Binding : MetadataNamespace.soap12Binding }
        var soapPrefix: String { soap == .v11 ? "soap" : "soap12" }
    }

    private func writeBinding(_ key: BindingKey, into definitions: XMLElement) {
        let wsdl = MetadataNamespace.wsdl
        let binding = definitions.addChild("binding", wsdl, prefix: "wsdl")
        binding.setAttribute("name", value: key.name)
        binding.setAttribute("type", value: "tns:" + Self.portTypeName(key.trust))
        policyReference(key.policy, into: binding)
        let soapBinding = binding.addChild("binding", key.soapNamespace, prefix: key.soapPrefix)
        soapBinding.setAttribute("transport", value: MetadataNamespace.httpTransport)
        soapBinding.setAttribute("style", value: "document")
        for type in Self.requestTypes {
            let operation = binding.addChild("operation", wsdl, prefix: "wsdl")
            operation.setAttribute("name", value: type.name)
            let soapOperation = operation.addChild("operation", key.soapNamespace, prefix: key.soapPrefix)
            soapOperation.setAttribute("soapAction", value: key.trust.requestAction(type))
            soapOperation.setAttribute("style", value: "document")
            let input = operation.addChild("input", wsdl, prefix: "wsdl")
            if key.policy == .x509Signature { policyReference(.x509SignedBodyInput, into: input) }
            input.addChild("body", key.soapNamespace, prefix: key.soapPrefix).setAttribute("use", value: "literal")
            let output = operation.addChild("output", wsdl, prefix: "wsdl")
            output.addChild("body", key.soapNamespace, prefix: key.soapPrefix).setAttribute("use", value: "literal")
        }
    }

    private func policyReference(_ policy: SecurityPolicyWriter.Policy, into parent: XMLElement) {
        parent.addChild("PolicyReference", MetadataNamespace.policy, prefix: "wsp").setAttribute("URI", value: "#" + policy.id)
    }

    private func writeService(into definitions: XMLElement, soapVersions: [SOAPVersion]) {
        let wsdl = MetadataNamespace.wsdl
        let service = definitions.addChild("service", wsdl, prefix: "wsdl")
        service.setAttribute("name", value: "SecurityTokenService")
        for endpoint in endpoints {
            for soap in soapVersions {
                let key = BindingKey(policy: .init(endpoint), trust: endpoint.trustVersion, soap: soap)
                let port = service.addChild("port", wsdl, prefix: "wsdl")
                port.setAttribute("name", value: "\(endpoint.name)_\(soap == .v11 ? "Soap11" : "Soap12")")
                port.setAttribute("binding", value: "tns:" + key.name)
                port.addChild("address", key.soapNamespace, prefix: key.soapPrefix).setAttribute("location", value: address(of: endpoint))
                let reference = port.addChild("EndpointReference", MetadataNamespace.addressing, prefix: "wsa10")
                reference.addChild("Address", MetadataNamespace.addressing, prefix: "wsa10").setText(address(of: endpoint))
            }
        }
    }
}
