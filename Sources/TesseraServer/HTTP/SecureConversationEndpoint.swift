import Hummingbird
import Logging
import SOAP
import SecureConversation

/// A WS-SecureConversation service over HTTP: SOAP 1.1 and 1.2 requests POSTed to one path go
/// to a ``SecureConversation/SecureConversationService`` (context establishment, Renew, Cancel
/// and the application messages under a context), and its answer goes back with the request's
/// media type.
///
/// Refuses, as the STS endpoint does: a body above ``maxRequestBytes`` (413), a media type that
/// is not `text/xml` or `application/soap+xml` (415), bytes that are not an envelope of the
/// announced version, and a SOAP action that contradicts `wsa:Action` (faults). A fault goes out
/// with the status the SOAP HTTP binding gives it (SOAP 1.1: 500; SOAP 1.2: 400 for `Sender`,
/// 500 otherwise). One log line per request, without peer secrets.
public struct SecureConversationEndpoint: Sendable {
    /// The HTTP path requests are POSTed to.
    public let path: String
    public let service: SecureConversationService
    /// Largest request body accepted, in bytes.
    public let maxRequestBytes: Int

    /// The default limit: a secured application message of a few kilobytes, with room to spare.
    public static let defaultMaxRequestBytes = 262_144

    public init(path: String, service: SecureConversationService, maxRequestBytes: Int = defaultMaxRequestBytes) {
        self.path = path
        self.service = service
        self.maxRequestBytes = maxRequestBytes
    }

    /// Adds `POST path` to `router`.
    public func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        router.post(RouterPath(path)) { request, context in
            await respond(to: request, logger: context.logger)
        }
    }

    /// Answers one POSTed request.
    public func respond(to request: Request, logger: Logger) async -> Response {
        let contentType = request.headers[.contentType]
        guard let version = SOAPHTTPBinding.version(contentType: contentType) else {
            return Response(status: .unsupportedMediaType)
        }
        let httpAction = SOAPHTTPBinding.action(version: version, contentType: contentType,
                                                soapActionHeader: request.headers[STSRequestHandler.soapActionHeader])
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: maxRequestBytes)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            return Response(status: .contentTooLarge)
        } catch {
            return Response(status: .badRequest)  // the connection failed while the body was read
        }

        let response: SOAPEnvelope
        let action: String?
        switch SOAPHTTPBinding.parse(body, version: version, httpAction: httpAction, maxRequestBytes: maxRequestBytes) {
        case .refused(let fault, let knownAction):
            response = fault.envelope(version)
            action = knownAction
        case .envelope(let envelope, let settled):
            response = await service.handle(envelope, action: settled)
            action = settled
        }
        let fault = response.bodyPayload.flatMap { $0.is("Fault", response.version.namespace) ? try? SOAPFault(envelope: response) : nil }
        let status = SOAPHTTPBinding.status(of: fault, version: version)
        logger.info("secure conversation request", metadata: [
            "path": "\(path)",
            "action": "\(STSRequestHandler.truncated(action ?? "-"))",
            "outcome": "\(fault.map { $0.securityFaultCode?.description ?? "\($0.code)" } ?? "success")",
            "status": "\(status)",
        ])

        let responseAction = (try? AddressingHeaders(reading: response))??.action
        var headers = HTTPFields()
        headers[.contentType] = version.contentType(action: responseAction)
        return Response(status: .init(code: status), headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: response.serialize())))
    }
}
