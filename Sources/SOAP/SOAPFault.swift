public import XMLCore

/// A SOAP fault, independent of the SOAP version: the SOAP code, an optional specific code,
/// a reason and an optional role. There is deliberately no detail: a fault tells the peer
/// which class of failure occurred and nothing about the processing (WSS 1.1 SOAP Message
/// Security §12 lets a service send a fault or nothing; it should never send diagnostics).
///
/// In SOAP 1.2 the code is `Code/Value` and the specific code `Code/Subcode/Value`
/// (Part 1 §5.4.6). SOAP 1.1 has one `faultcode`, which is the specific code when there is one
/// (as WSS §12 and WS-Trust §11 prescribe) and the SOAP code otherwise; reading such a fault
/// back gives ``Code-swift.enum/sender`` with that specific code.
public struct SOAPFault: Hashable, Sendable, CustomStringConvertible {
    /// The SOAP-defined fault codes (SOAP 1.2 Part 1 §5.4.6; SOAP 1.1 §4.4.1).
    public enum Code: Hashable, Sendable, CaseIterable {
        /// The message was incorrectly formed or lacked what is needed to succeed
        /// (SOAP 1.2 `Sender`, SOAP 1.1 `Client`).
        case sender
        /// The message could not be processed for reasons not attributable to its contents
        /// (SOAP 1.2 `Receiver`, SOAP 1.1 `Server`).
        case receiver
        /// The envelope is not in a supported namespace.
        case versionMismatch
        /// A mandatory header block was not understood.
        case mustUnderstand
        /// A header or body uses an unsupported data encoding (SOAP 1.2 only; written as
        /// `Client` in SOAP 1.1).
        case dataEncodingUnknown

        /// The code's QName in a `version` envelope.
        public func qualifiedName(in version: SOAPVersion) -> QName {
            let localName =
                switch (self, version) {
                case (.sender, .v11), (.dataEncodingUnknown, .v11): "Client"
                case (.sender, .v12): "Sender"
                case (.receiver, .v11): "Server"
                case (.receiver, .v12): "Receiver"
                case (.versionMismatch, _): "VersionMismatch"
                case (.mustUnderstand, _): "MustUnderstand"
                case (.dataEncodingUnknown, .v12): "DataEncodingUnknown"
                }
            return QName(version.namespace, localName)
        }

        /// The code named `name` in a `version` envelope. A SOAP 1.1 code refined with dots
        /// (`Client.Authentication`, §4.4.1) is read as its first part.
        public init?(_ name: QName, version: SOAPVersion) {
            guard name.namespace == version.namespace else { return nil }
            let base = version == .v11 ? String(name.localName.prefix { $0 != "." }) : name.localName
            guard let code = Self.allCases.first(where: { $0.qualifiedName(in: version).localName == base }) else { return nil }
            self = code
        }
    }

    /// The SOAP code.
    public var code: Code
    /// The specific code, such as `wsse:InvalidSecurity`.
    public var subcode: QName?
    /// The prefix ``subcode`` is written with: its specification's for a fault built from a
    /// ``SecurityFaultCode``, the sender's for a received one. Not part of the fault's identity.
    public var subcodePrefix: String?
    /// The human-readable reason; for faults this library builds, a specification's default.
    public var reason: String
    /// The URI of the role the faulting node was playing (SOAP 1.2 `Role`, SOAP 1.1
    /// `faultactor`), when it was not the ultimate receiver.
    public var role: String?
    /// For a ``Code-swift.enum/mustUnderstand`` fault, the header blocks that were not
    /// understood: a SOAP 1.2 fault names each in a `NotUnderstood` header block (Part 1
    /// §5.4.8); SOAP 1.1 has no place for them.
    public var notUnderstood: [QName]

    /// A fault with the given parts.
    public init(code: Code, subcode: QName? = nil, reason: String, role: String? = nil, notUnderstood: [QName] = []) {
        self.code = code
        self.subcode = subcode
        self.reason = reason
        self.role = role
        self.notUnderstood = notUnderstood
    }

    /// A fault for a specification's fault code (a sender fault unless `soapCode` says otherwise),
    /// with that code's default reason unless another fixed text is given.
    public init(_ code: SecurityFaultCode, reason: String? = nil, soapCode: Code = .sender) {
        self.init(code: soapCode, subcode: code.name, reason: reason ?? code.defaultReason)
        subcodePrefix = code.preferredPrefix
    }

    /// The specification code carried in ``subcode``, written with ``subcodePrefix`` and with
    /// this fault's reason; it equals the defining module's constant (codes compare by name).
    public var securityFaultCode: SecurityFaultCode? {
        guard let subcode, let namespace = subcode.namespace else { return nil }
        return SecurityFaultCode(namespace, subcode.localName, prefix: subcodePrefix ?? "", reason: reason)
    }

    public static func == (lhs: SOAPFault, rhs: SOAPFault) -> Bool {
        lhs.code == rhs.code && lhs.subcode == rhs.subcode && lhs.reason == rhs.reason && lhs.role == rhs.role
            && lhs.notUnderstood == rhs.notUnderstood
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(code)
        hasher.combine(subcode)
        hasher.combine(reason)
        hasher.combine(role)
        hasher.combine(notUnderstood)
    }

    public var description: String {
        "\(code)\(subcode.map { " \($0)" } ?? ""): \(reason)"
    }
}
