import SOAP
import XMLCore

/// The WSDL 1.1 description of a service secured with WS-SecureConversation, such as the echo
/// service `tessera serve` hosts: its application operations (document/literal, with their
/// WS-Addressing actions), a binding per SOAP version that refers to the
/// ``SecureConversationPolicyWriter`` policy (the binding's, and the message policy on every
/// input and output), and a port per SOAP version at the service's address. Served at
/// `<path>?wsdl`, and as WS-MetadataExchange at `<path>/mex`.
struct SecureConversationServiceDescription: Sendable {
    /// One request/response operation of the application.
    struct Operation: Sendable {
        var name: String
        /// The request's Body element (a string-valued element of ``namespace``) and Action.
        var request: String
        var requestAction: String
        var response: String
        var responseAction: String
    }

    /// The WSDL's `name` and the service's.
    var name: String
    /// The target namespace, which is also the namespace of the operations' elements.
    var namespace: String
    var operations: [Operation]
    var policy: SecureConversationPolicyWriter
    /// The endpoint's URL.
    var address: String

    /// The WSDL, with bindings for `soapVersions`.
    func wsdl(soapVersions: [SOAPVersion] = SOAPVersion.allCases) -> XMLDocument {
        let document = XMLDocument(rootLocalName: "definitions", namespace: MetadataNamespace.wsdl, prefix: "wsdl")
        write(into: document.root, soapVersions: soapVersions)
        return document
    }

    /// Fills an empty `wsdl:definitions` element.
    func write(into definitions: XMLElement, soapVersions: [SOAPVersion]) {
        for (prefix, uri) in MetadataNamespace.declarations where definitions.prefix != prefix && prefix != "tns" {
            definitions.declareNamespace(prefix: prefix, uri: uri)
        }
        definitions.declareNamespace(prefix: "tns", uri: namespace)
        definitions.setAttribute("name", value: name)
        definitions.setAttribute("targetNamespace", value: namespace)
        policy.writeBindingPolicy(into: definitions)
        policy.writeMessagePolicy(into: definitions)
        writeTypes(into: definitions)
        writeMessages(into: definitions)
        writePortType(into: definitions)
        for soap in soapVersions { writeBinding(soap, into: definitions) }
        writeService(into: definitions, soapVersions: soapVersions)
    }

    private func writeTypes(into definitions: XMLElement) {
        let xsd = MetadataNamespace.schema
        let schema = definitions.addChild("types", MetadataNamespace.wsdl, prefix: "wsdl").addChild("schema", xsd, prefix: "xsd")
        schema.setAttribute("targetNamespace", value: namespace)
        schema.setAttribute("elementFormDefault", value: "qualified")
        for operation in operations {
            for name in [operation.request, operation.response] {
                let element = schema.addChild("element", xsd, prefix: "xsd")
                element.setAttribute("name", value: name)
                element.setAttribute("type", value: "xsd:string")
            }
        }
    }

    private func writeMessages(into definitions: XMLElement) {
        for operation in operations {
            for name in [operation.request, operation.response] {
                let message = definitions.addChild("message", MetadataNamespace.wsdl, prefix: "wsdl")
                message.setAttribute("name", value: name)
                let part = message.addChild("part", MetadataNamespace.wsdl, prefix: "wsdl")
                part.setAttribute("name", value: "parameters")
                part.setAttribute("element", value: "tns:" + name)
            }
        }
    }

    private var portTypeName: String { name + "PortType" }

    private func writePortType(into definitions: XMLElement) {
        let wsdl = MetadataNamespace.wsdl
        let portType = definitions.addChild("portType", wsdl, prefix: "wsdl")
        portType.setAttribute("name", value: portTypeName)
        for operation in operations {
            let element = portType.addChild("operation", wsdl, prefix: "wsdl")
            element.setAttribute("name", value: operation.name)
            let input = element.addChild("input", wsdl, prefix: "wsdl")
            input.setAttribute("Action", MetadataNamespace.addressingMetadata, prefix: "wsam", value: operation.requestAction)
            input.setAttribute("message", value: "tns:" + operation.request)
            let output = element.addChild("output", wsdl, prefix: "wsdl")
            output.setAttribute("Action", MetadataNamespace.addressingMetadata, prefix: "wsam", value: operation.responseAction)
            output.setAttribute("message", value: "tns:" + operation.response)
        }
    }

    private static func suffix(_ soap: SOAPVersion) -> String { soap == .v11 ? "Soap11" : "Soap12" }
    private static func bindingNamespace(_ soap: SOAPVersion) -> String { soap == .v11 ? MetadataNamespace.soap11Binding : MetadataNamespace.soap12Binding }
    private static func bindingPrefix(_ soap: SOAPVersion) -> String { soap == .v11 ? "soap" : "soap12" }
    private func bindingName(_ soap: SOAPVersion) -> String { "SecureConversation_\(name)_\(Self.suffix(soap))" }

    private func writeBinding(_ soap: SOAPVersion, into definitions: XMLElement) {
        let wsdl = MetadataNamespace.wsdl
        let namespace = Self.bindingNamespace(soap), prefix = Self.bindingPrefix(soap)
        let binding = definitions.addChild("binding", wsdl, prefix: "wsdl")
        binding.setAttribute("name", value: bindingName(soap))
        binding.setAttribute("type", value: "tns:" + portTypeName)
        Self.policyReference(SecureConversationPolicyWriter.bindingPolicyID, into: binding)
        let soapBinding = binding.addChild("binding", namespace, prefix: prefix)
        soapBinding.setAttribute("transport", value: MetadataNamespace.httpTransport)
        soapBinding.setAttribute("style", value: "document")
        for operation in operations {
            let element = binding.addChild("operation", wsdl, prefix: "wsdl")
            element.setAttribute("name", value: operation.name)
            let soapOperation = element.addChild("operation", namespace, prefix: prefix)
            soapOperation.setAttribute("soapAction", value: operation.requestAction)
            soapOperation.setAttribute("style", value: "document")
            for direction in ["input", "output"] {
                let message = element.addChild(direction, wsdl, prefix: "wsdl")
                Self.policyReference(SecureConversationPolicyWriter.messagePolicyID, into: message)
                message.addChild("body", namespace, prefix: prefix).setAttribute("use", value: "literal")
            }
        }
    }

    private static func policyReference(_ id: String, into parent: XMLElement) {
        parent.addChild("PolicyReference", MetadataNamespace.policy, prefix: "wsp").setAttribute("URI", value: "#" + id)
    }

    private func writeService(into definitions: XMLElement, soapVersions: [SOAPVersion]) {
        let wsdl = MetadataNamespace.wsdl
        let service = definitions.addChild("service", wsdl, prefix: "wsdl")
        service.setAttribute("name", value: name)
        for soap in soapVersions {
            let port = service.addChild("port", wsdl, prefix: "wsdl")
            port.setAttribute("name", value: "\(name)_\(Self.suffix(soap))")
            port.setAttribute("binding", value: "tns:" + bindingName(soap))
            port.addChild("address", Self.bindingNamespace(soap), prefix: Self.bindingPrefix(soap)).setAttribute("location", value: address)
            let reference = port.addChild("EndpointReference", MetadataNamespace.addressing, prefix: "wsa10")
            reference.addChild("Address", MetadataNamespace.addressing, prefix: "wsa10").setText(address)
        }
    }

    /// The answer to a WS-Transfer Get of `<path>/mex`: the WSDL with SOAP 1.1 and 1.2 bindings
    /// in one WSDL-dialect `wsx:MetadataSection` (WS-MetadataExchange 2004/09 §6).
    func metadataExchangeResponse(to request: SOAPEnvelope) -> SOAPEnvelope {
        let response = SOAPEnvelope(version: request.version)
        let action = ServiceDescription.getResponseAction
        if let addressing = try? AddressingHeaders(reading: request) {
            addressing.reply(action: action).write(to: response)
        } else {
            AddressingHeaders(action: action, messageID: AddressingHeaders.newMessageID()).write(to: response)
        }
        let mex = MetadataNamespace.metadataExchange
        let section = response.body.addChild("Metadata", mex, prefix: "wsx").addChild("MetadataSection", mex, prefix: "wsx")
        section.setAttribute("Dialect", value: MetadataNamespace.wsdl)
        section.setAttribute("Identifier", value: namespace)
        write(into: section.addChild("definitions", MetadataNamespace.wsdl, prefix: "wsdl"), soapVersions: SOAPVersion.allCases)
        return response
    }
}

extension SecureConversationServiceDescription: MetadataDocument {}
