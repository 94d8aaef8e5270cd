public import SOAP
import XMLCore

extension ServiceDescription {
    /// The WS-Transfer Get action a WS-MetadataExchange client sends (WS-MetadataExchange
    /// 2004/09 §6, WS-Transfer 2004/09 §3.1).
    public static let getAction = MetadataNamespace.transfer + "/Get"
    /// The action of the response.
    public static let getResponseAction = MetadataNamespace.transfer + "/GetResponse"

    /// The answer to a WS-Transfer Get of the metadata exchange endpoint: a `wsx:Metadata` with
    /// one `wsx:MetadataSection` (WSDL dialect) holding the service description with SOAP 1.2
    /// bindings, as ADFS serves it. Addressed as a reply when the request carries
    /// WS-Addressing headers.
    public func metadataExchangeResponse(to request: SOAPEnvelope) -> SOAPEnvelope {
        let response = SOAPEnvelope(version: request.version)
        if let addressing = try? AddressingHeaders(reading: request) {
            addressing.reply(action: Self.getResponseAction).write(to: response)
        } else {
            AddressingHeaders(action: Self.getResponseAction, messageID: AddressingHeaders.newMessageID()).write(to: response)
        }
        let mex = MetadataNamespace.metadataExchange
        let section = response.body.addChild("Metadata", mex, prefix: "wsx").addChild("MetadataSection", mex, prefix: "wsx")
        section.setAttribute("Dialect", value: MetadataNamespace.wsdl)
        section.setAttribute("Identifier", value: MetadataNamespace.target)
        write(into: section.addChild("definitions", MetadataNamespace.wsdl, prefix: "wsdl"), soapVersions: [.v12])
        return response
    }
}
