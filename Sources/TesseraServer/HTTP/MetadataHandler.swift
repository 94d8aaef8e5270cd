import Hummingbird
import SOAP
import XMLCore

/// Serves the service description: `GET <endpoint>?wsdl` (SOAP 1.1 and 1.2 bindings),
/// `GET <adfs prefix>/mex` (the WSDL with SOAP 1.2 bindings, as ADFS serves it to WS-Trust
/// clients), and a WS-Transfer Get POSTed to the metadata exchange path (the WS-MetadataExchange
/// `Metadata` document).
struct MetadataHandler: Sendable {
    /// The description as of now (the base URL is known once the server listens).
    let describe: @Sendable () -> any MetadataDocument
    let maxRequestBytes: Int

    private var description: any MetadataDocument { describe() }

    /// The STS's: its `endpoints` at `baseURL`.
    init(endpoints: [STSEndpoint], baseURL: PublicBaseURL, maxRequestBytes: Int) {
        self.init(describe: { ServiceDescription(endpoints: endpoints, baseURL: baseURL.current) }, maxRequestBytes: maxRequestBytes)
    }

    init(describe: @escaping @Sendable () -> any MetadataDocument, maxRequestBytes: Int) {
        self.describe = describe
        self.maxRequestBytes = maxRequestBytes
    }

    /// Whether a query string asks for the WSDL (`?wsdl`, any case, with or without a value).
    static func asksForWSDL(_ query: String?) -> Bool {
        guard let query else { return false }
        return query.split(separator: "&").contains { $0.split(separator: "=", maxSplits: 1).first?.lowercased() == "wsdl" }
    }

    func wsdl(soapVersions: [SOAPVersion]) -> Response {
        xmlResponse(description.wsdl(soapVersions: soapVersions).serialize(includeDeclaration: true), contentType: "text/xml; charset=utf-8")
    }

    /// Answers a WS-Transfer Get; any other request is refused with a fault.
    func metadataExchange(_ request: Request) async -> Response {
        let posted: SOAPHTTPBinding.PostedRequest
        switch await SOAPHTTPBinding.read(request, maxRequestBytes: maxRequestBytes) {
        case .posted(let request): posted = request
        case .refused(let refusal): return refusal.response
        }
        let version = posted.version
        let fault: SOAPFault
        do {
            let envelope = try SOAPHTTPBinding.envelope(parsing: posted.body, maxRequestBytes: maxRequestBytes)
            let action = try AddressingHeaders(reading: envelope)?.action ?? posted.httpAction
            if envelope.version == version, action == ServiceDescription.getAction {
                let response = description.metadataExchangeResponse(to: envelope)
                return xmlResponse(response.serialize(), contentType: version.contentType(action: ServiceDescription.getResponseAction))
            }
            fault = SOAPFault(
                code: .sender, subcode: QName(WSAddressingVersion.v10.namespace, "ActionNotSupported"),
                reason: "This endpoint answers only WS-Transfer Get")
        } catch let error as SOAPError {
            fault = error.fault
        } catch {
            fault = SOAPHTTPBinding.malformedFault
        }
        return xmlResponse(
            fault.envelope(version).serialize(), contentType: version.contentType(),
            status: .init(code: SOAPHTTPBinding.status(of: fault, version: version)))
    }

    private func xmlResponse(_ bytes: [UInt8], contentType: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

/// A service description the metadata handler serves: as WSDL, and inside a WS-MetadataExchange
/// response.
protocol MetadataDocument: Sendable {
    func wsdl(soapVersions: [SOAPVersion]) -> XMLDocument
    func metadataExchangeResponse(to request: SOAPEnvelope) -> SOAPEnvelope
}

extension ServiceDescription: MetadataDocument {}
