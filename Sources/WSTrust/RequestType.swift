/// A WS-Trust binding request type (WS-Trust 1.3 §3.1): Issue, Validate, Renew or Cancel.
public enum RequestType: String, Hashable, Sendable, CaseIterable {
    case issue = "Issue"
    case validate = "Validate"
    case renew = "Renew"
    case cancel = "Cancel"

    /// The capitalised name used in URIs and actions.
    public var name: String { rawValue }

    /// The RequestType URI in `version`'s namespace.
    public func uri(_ version: WSTrustVersion) -> String { "\(version.namespace)/\(rawValue)" }

    /// Reads a RequestType URI of `version`.
    public init?(uri: String, version: WSTrustVersion) {
        let prefix = version.namespace + "/"
        guard uri.hasPrefix(prefix), let type = Self(rawValue: String(uri.dropFirst(prefix.count))) else { return nil }
        self = type
    }
}
