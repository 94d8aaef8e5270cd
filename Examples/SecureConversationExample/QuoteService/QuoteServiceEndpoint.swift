public import Hummingbird
import HTTPTypes
import NIOCore
public import SOAP
public import SecureConversation
import XMLCore

/// The quote service over HTTP, written against the library's public API only (SOAP 1.1 and
/// 1.2 bindings: SOAP 1.1 §6, SOAP 1.2 Part 2 §7): the media type names the SOAP version, the
/// body is parsed into an envelope, mandatory header blocks other than the ones the
/// ``SecureConversationService`` processes are refused (SOAP 1.2 Part 1 §5.2.3), and the
/// service's answer — a response or a fault — goes back in the request's SOAP version.
public struct QuoteServiceEndpoint: Sendable {
    public let path: String
    public let service: SecureConversationService
    /// Largest request accepted: a secured quote request is a few kilobytes.
    public var maxRequestBytes = 65_536

    public init(path: String, service: SecureConversationService) {
        self.path = path
        self.service = service
    }

    /// Adds `POST path` to `router`.
    public func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        router.post(RouterPath(path)) { request, _ in
            await respond(to: request)
        }
    }

    func respond(to request: Request) async -> Response {
        guard let version = request.headers[.contentType].flatMap(SOAPVersion.init(contentType:)) else {
            return Response(status: .unsupportedMediaType)
        }
        let bytes: ByteBuffer
        do {
            bytes = try await request.body.collect(upTo: maxRequestBytes)
        } catch {
            return Response(status: .contentTooLarge)
        }
        let envelope: SOAPEnvelope
        do {
            envelope = try SOAPEnvelope(parsing: Array(buffer: bytes))
            guard envelope.version == version else { throw SOAPError(.versionMismatch, "the envelope is not of the announced version") }
            let addressing = try AddressingHeaders(reading: envelope)
            var understood: Set<QName> = [QName(WSSNamespace.secext, "Security"), QName(WSSNamespace.secext11, "EncryptedHeader")]
            if let addressing { understood.formUnion(AddressingHeaders.headerBlockNames(in: addressing.version)) }
            try envelope.checkMustUnderstand(understood: understood)
        } catch let error as SOAPError {
            return Self.response(error.fault.envelope(version))
        } catch {
            return Self.response(SOAPFault(code: .sender, reason: "The request is not a SOAP envelope").envelope(version))
        }
        let action =
            version == .v11
            ? request.headers[.soapAction].flatMap(SOAPVersion.action(fromSOAPActionHeader:))
            : request.headers[.contentType].flatMap(SOAPVersion.action(fromContentType:))
        return Self.response(await service.handle(envelope, action: action))
    }

    /// `envelope` with the status the SOAP HTTP bindings give it: 200 for a response; a fault
    /// is 500 in SOAP 1.1, and 400 for a sender fault or 500 otherwise in SOAP 1.2.
    static func response(_ envelope: SOAPEnvelope) -> Response {
        var status = HTTPResponse.Status.ok
        if let fault = try? SOAPFault(envelope: envelope) {
            status = envelope.version == .v12 && fault.code == .sender ? .badRequest : .internalServerError
        }
        return Response(
            status: status, headers: [.contentType: envelope.version.contentType()],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: envelope.serialize())))
    }
}

extension HTTPField.Name {
    static let soapAction = HTTPField.Name("SOAPAction")!
}
