import XMLCore

/// The SOAP node a header block is targeted at: its `actor` (SOAP 1.1 §4.2.2) or `role`
/// (SOAP 1.2 Part 1 §5.2.2) attribute, with the version-specific URIs folded into one value.
public enum SOAPRole: Hashable, Sendable, CustomStringConvertible {
    /// No attribute, an empty one, or SOAP 1.2's `…/role/ultimateReceiver`.
    case ultimateReceiver
    /// The next node on the path: SOAP 1.1 `…/actor/next`, SOAP 1.2 `…/role/next`.
    case next
    /// Any other role, by URI (including SOAP 1.2's `…/role/none`, which no node plays).
    case named(String)

    /// The role written as `value` in a `version` envelope (nil: the attribute is absent).
    public init(attributeValue value: String?, version: SOAPVersion) {
        guard let value = value?.trimmingXMLWhitespace(), !value.isEmpty, value != version.ultimateReceiverRoleURI else {
            self = .ultimateReceiver
            return
        }
        self = value == version.nextRoleURI ? .next : .named(value)
    }

    /// The attribute value that targets a block at this role in a `version` envelope; nil for
    /// the ultimate receiver, which is targeted by leaving the attribute out.
    public func attributeValue(for version: SOAPVersion) -> String? {
        switch self {
        case .ultimateReceiver: nil
        case .next: version.nextRoleURI
        case .named(let uri): uri
        }
    }

    public var description: String {
        switch self {
        case .ultimateReceiver: "ultimate receiver"
        case .next: "next"
        case .named(let uri): uri
        }
    }
}
