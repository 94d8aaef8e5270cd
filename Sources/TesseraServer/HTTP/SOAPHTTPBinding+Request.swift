import Hummingbird
public import SOAP
import XMLCore

extension SOAPHTTPBinding {
    /// The fault for bytes that are not well-formed XML, or exceed the parser's limits.
    public static let malformedFault = SOAPFault(code: .sender, reason: "The message is not well-formed XML or exceeds the accepted size or nesting")
    /// The fault for an envelope whose namespace is not the version its Content-Type announced.
    public static let versionMismatchFault = SOAPFault(code: .versionMismatch, reason: "The envelope's SOAP version does not match its Content-Type")

    /// A POSTed body as a SOAP endpoint takes it: an envelope with its settled action, or the
    /// fault that refuses it (with the action known so far, for the log).
    public enum ParsedRequest {
        /// An envelope to process, its settled action, and its WS-Addressing headers as read
        /// while it was checked (nil when it carries none).
        case envelope(SOAPEnvelope, action: String?, addressing: AddressingHeaders?)
        case refused(SOAPFault, action: String?)
    }

    /// Parses the `posted` body with the hardened parser (documents up to `maxRequestBytes`), checks that
    /// the envelope is the version its Content-Type announced, refuses a mandatory header block
    /// targeted at this node that is not in `understood` (a `MustUnderstand` fault, SOAP 1.1
    /// §4.2.3, SOAP 1.2 Part 1 §5.2.3), and settles the action: the WS-Addressing Action, else
    /// the HTTP action. A non-empty HTTP action that differs from `wsa:Action` is refused
    /// (WS-Addressing 1.0 SOAP Binding; §6.4.1 ActionMismatch). Refusals carry fixed reasons:
    /// nothing about the parser reaches the peer.
    public static func parse(_ posted: PostedRequest, maxRequestBytes: Int, understood: UnderstoodHeaderBlocks) -> ParsedRequest {
        let httpAction = posted.httpAction
        let request: SOAPEnvelope
        do {
            request = try envelope(parsing: posted.body, maxRequestBytes: maxRequestBytes)
        } catch let error as SOAPError {
            return .refused(error.fault, action: httpAction)
        } catch {
            return .refused(malformedFault, action: httpAction)
        }
        guard request.version == posted.version else {
            return .refused(versionMismatchFault, action: httpAction)
        }
        let addressing: AddressingHeaders?
        do {
            addressing = try AddressingHeaders(reading: request)
        } catch {
            return .refused(error.fault, action: httpAction)
        }
        let addressingAction = addressing?.action
        do {
            try request.checkMustUnderstand(understood: understood.names(addressingVersion: addressing?.version), actingAs: understood.roles)
        } catch {
            return .refused(error.fault, action: addressingAction ?? httpAction)
        }
        if let addressingAction, let httpAction, addressingAction != httpAction {
            let mismatch = SOAPFault(WSAddressingVersion.v10.invalidAddressingHeader, reason: "The SOAP action and the WS-Addressing Action differ")
            return .refused(mismatch, action: addressingAction)
        }
        return .envelope(request, action: addressingAction ?? httpAction, addressing: addressing)
    }
}
