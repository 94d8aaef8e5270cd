public import HTTPTypes
public import Hummingbird
public import SOAP
import XMLCore

extension SOAPHTTPBinding {
    /// The SOAP 1.1 `SOAPAction` request header (SOAP 1.1 §6.1.1).
    public static let soapActionHeader = HTTPFields.Element.Name("SOAPAction")!

    /// A POSTed body, with the SOAP version its Content-Type announced and the action the HTTP
    /// layer carries.
    public struct PostedRequest: Sendable {
        public var body: ByteBuffer
        public var version: SOAPVersion
        public var httpAction: String?
    }

    /// A POSTed SOAP request as every SOAP route reads it off the wire.
    public enum RequestRead: Sendable {
        case posted(PostedRequest)
        case refused(Refusal)
    }

    /// Why a request was not read, and the HTTP answer to it.
    public enum Refusal: Sendable {
        /// The media type is not `text/xml` or `application/soap+xml`: answer 415.
        case unsupportedMediaType
        /// The body is longer than the route's limit: answer 413.
        case tooLarge(version: SOAPVersion, httpAction: String?)
        /// The connection failed while the body was read: there is no one to answer (400).
        case connectionFailed

        public var response: Response {
            switch self {
            case .unsupportedMediaType: Response(status: .unsupportedMediaType)
            case .tooLarge: Response(status: .contentTooLarge)
            case .connectionFailed: Response(status: .badRequest)
            }
        }
    }

    /// Reads `request`: the SOAP version from its Content-Type (nothing is read for another media
    /// type), its HTTP action, and its body up to `maxRequestBytes`.
    public static func read(_ request: Request, maxRequestBytes: Int) async -> RequestRead {
        let contentType = request.headers[.contentType]
        guard let version = version(contentType: contentType) else { return .refused(.unsupportedMediaType) }
        let httpAction = action(version: version, contentType: contentType, soapActionHeader: request.headers[soapActionHeader])
        do {
            let body = try await request.body.collect(upTo: maxRequestBytes)
            return .posted(PostedRequest(body: body, version: version, httpAction: httpAction))
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            return .refused(.tooLarge(version: version, httpAction: httpAction))
        } catch {
            return .refused(.connectionFailed)
        }
    }

    /// `body` parsed with the hardened parser, documents up to `maxRequestBytes`.
    public static func envelope(parsing body: ByteBuffer, maxRequestBytes: Int) throws -> SOAPEnvelope {
        var limits = XMLParsingLimits.default
        limits.maxDocumentBytes = maxRequestBytes
        return try SOAPEnvelope(parsing: body.readableBytesView, limits: limits)
    }

    /// The fault `envelope` carries in its Body, if it is one.
    public static func fault(in envelope: SOAPEnvelope) -> SOAPFault? {
        envelope.bodyPayload.flatMap { $0.is("Fault", envelope.version.namespace) ? try? SOAPFault(envelope: envelope) : nil }
    }

    /// The HTTP response carrying `envelope` with `status`, in the media type of `version` (with
    /// the envelope's `wsa:Action` as its SOAP 1.2 `action` parameter).
    public static func response(_ envelope: SOAPEnvelope, version: SOAPVersion, status: Int) -> Response {
        // Only SOAP 1.2's media type carries the action (RFC 3902 §3).
        let responseAction = version == .v12 ? action(of: envelope) : nil
        var headers = HTTPFields()
        headers[.contentType] = version.contentType(action: responseAction)
        return Response(status: .init(code: status), headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: envelope.serialize())))
    }

    /// The `wsa:Action` of an answer this server built (its header blocks written by
    /// ``SOAP/AddressingHeaders``), read from that block alone.
    static func action(of envelope: SOAPEnvelope) -> String? {
        guard let block = envelope.headerBlocks.first(where: { $0.localName == "Action" && WSAddressingVersion.isAddressingElement($0) }) else {
            return nil
        }
        let action = block.trimmedText
        return action.isEmpty ? nil : action
    }
}
