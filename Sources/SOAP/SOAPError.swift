public import XMLCore

/// An error raised while reading or building a SOAP message: a malformed envelope, a
/// signature-wrapping shape, an ambiguous security or addressing header, or a malformed fault.
///
/// Errors are compared by ``code``. The ``reason`` is for logs and may name elements; it never
/// goes on the wire. ``fault`` is the one place an error is turned into what a peer may see.
public struct SOAPError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: Hashable, Sendable {
            case notAnEnvelope, versionMismatch, missingBody, duplicateBody, duplicateHeader
            case misplacedHeader, unexpectedContent, misplacedEnvelopePart
            case duplicateSecurityHeader, invalidMustUnderstand, notUnderstood
            case notAFault, invalidFault, invalidAddressingHeader, processingInstruction
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// The document element is not a SOAP `Envelope`.
        public static let notAnEnvelope = Code(.notAnEnvelope)
        /// The document element is an `Envelope` in a namespace that is neither SOAP 1.1 nor
        /// SOAP 1.2 (SOAP 1.2 Part 1 §5.4.7, SOAP 1.1 §4.1.2).
        public static let versionMismatch = Code(.versionMismatch)
        /// The envelope has no `Body` (SOAP 1.2 Part 1 §5.1).
        public static let missingBody = Code(.missingBody)
        /// The envelope has a second `Body`: a signature-wrapping shape.
        public static let duplicateBody = Code(.duplicateBody)
        /// The envelope has a second `Header`: a signature-wrapping shape.
        public static let duplicateHeader = Code(.duplicateHeader)
        /// The `Header` follows the `Body` (SOAP 1.2 Part 1 §5.1).
        public static let misplacedHeader = Code(.misplacedHeader)
        /// The envelope holds an element other than `Header` and `Body`, or text.
        public static let unexpectedContent = Code(.unexpectedContent)
        /// A SOAP `Envelope`, `Header` or `Body` element occurs below the envelope's own
        /// children (a `Body` inside a header block, say): a signature-wrapping shape.
        public static let misplacedEnvelopePart = Code(.misplacedEnvelopePart)
        /// Two `wsse:Security` header blocks target the same role (WSS 1.1 SOAP Message
        /// Security §6.1).
        public static let duplicateSecurityHeader = Code(.duplicateSecurityHeader)
        /// A `mustUnderstand` attribute holds something other than `1`, `true`, `0` or `false`.
        public static let invalidMustUnderstand = Code(.invalidMustUnderstand)
        /// A header block targeted at this node is marked `mustUnderstand` and is not understood
        /// (SOAP 1.2 Part 1 §5.2.3, SOAP 1.1 §4.2.3).
        public static let notUnderstood = Code(.notUnderstood)
        /// The body does not carry a `Fault`.
        public static let notAFault = Code(.notAFault)
        /// A received `Fault` lacks its code or reason, or its code is not a valid QName.
        public static let invalidFault = Code(.invalidFault)
        /// A WS-Addressing header is repeated, malformed, or mixes the two namespaces
        /// (WS-Addressing 1.0 SOAP Binding §6.4.1).
        public static let invalidAddressingHeader = Code(.invalidAddressingHeader)
        /// The message contains a processing instruction, before, inside or after the envelope
        /// (SOAP 1.2 Part 1 §5 forbids them; they are refused in SOAP 1.1 messages too).
        public static let processingInstruction = Code(.processingInstruction)

        public var description: String { String(describing: value) }
    }

    /// What went wrong, for comparison.
    public let code: Code
    /// A human-readable explanation for logs; never sent to a peer.
    public let reason: String
    /// For ``Code-swift.struct/notUnderstood``: the names of the mandatory header blocks that
    /// were not understood. Empty for every other code.
    public let notUnderstoodHeaders: [QName]

    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
        notUnderstoodHeaders = []
    }

    /// A ``Code-swift.struct/notUnderstood`` error naming the blocks not understood.
    public init(notUnderstood names: [QName]) {
        code = .notUnderstood
        reason = "the header blocks \(names.map(\.description).joined(separator: ", ")) must be understood and are not"
        notUnderstoodHeaders = names
    }

    public var description: String { "\(code): \(reason)" }

    public static func == (lhs: SOAPError, rhs: SOAPError) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}

extension SOAPError {
    /// The fault to send a peer for this error: a spec-defined code and that code's fixed
    /// reason. ``reason`` is never copied into it, so nothing about the message or the
    /// processing leaks (WSS 1.1 SOAP Message Security §12).
    public var fault: SOAPFault {
        switch code {
        case .versionMismatch:
            SOAPFault(code: .versionMismatch, reason: "The envelope is not in the SOAP 1.1 or SOAP 1.2 namespace")
        case .notUnderstood:
            SOAPFault(code: .mustUnderstand, reason: "A mandatory header block was not understood", notUnderstood: notUnderstoodHeaders)
        case .duplicateSecurityHeader:
            SOAPFault(WSSFaultCode.invalidSecurity)
        case .invalidAddressingHeader:
            SOAPFault(WSAddressingVersion.v10.invalidAddressingHeader)
        default:
            SOAPFault(code: .sender, reason: "The message is not a valid SOAP envelope")
        }
    }
}
