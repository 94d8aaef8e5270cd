public import SOAP
public import WSTrust

/// A WS-SecureConversation version with the WS-Trust version it is bound to: WS-SC 1.3 (OASIS,
/// with WS-Trust 1.3) or the February 2005 submission (with WS-Trust 2005/02) that WSE 3 and
/// older WCF clients speak. Every URI a message carries comes from here.
public enum SecureConversationVersion: String, Hashable, Sendable, CaseIterable {
    case v13 = "http://docs.oasis-open.org/ws-sx/ws-secureconversation/200512"
    case v200502 = "http://schemas.xmlsoap.org/ws/2005/02/sc"

    /// The `wsc` namespace.
    public var namespace: String { rawValue }

    /// The version whose namespace `namespace` is.
    public init?(namespace: String?) {
        guard let namespace, let version = Self(rawValue: namespace) else { return nil }
        self = version
    }

    /// The WS-Trust version this WS-SC version's messages use.
    public var trustVersion: WSTrustVersion {
        switch self {
        case .v13: .v13
        case .v200502: .v200502
        }
    }

    /// The WS-SC version bound to `trustVersion`.
    public init(trustVersion: WSTrustVersion) {
        switch trustVersion {
        case .v13: self = .v13
        case .v200502: self = .v200502
        }
    }

    /// The token type of a security context token (`…/sct`), also the ValueType of references to one.
    public var tokenType: TokenType { TokenType(rawValue: tokenTypeURI) }

    // The URIs below are literals rather than made from the namespace: every message secured
    // with a context compares or writes them several times.

    /// ``tokenType``'s URI.
    public var tokenTypeURI: String {
        switch self {
        case .v13: "http://docs.oasis-open.org/ws-sx/ws-secureconversation/200512/sct"
        case .v200502: "http://schemas.xmlsoap.org/ws/2005/02/sc/sct"
        }
    }

    /// The ValueType of references to a derived key token (`…/dk`).
    public var derivedKeyValueType: String {
        switch self {
        case .v13: "http://docs.oasis-open.org/ws-sx/ws-secureconversation/200512/dk"
        case .v200502: "http://schemas.xmlsoap.org/ws/2005/02/sc/dk"
        }
    }

    /// The P_SHA1 key derivation algorithm URI (`…/dk/p_sha1`), the DerivedKeyToken default.
    public var pSHA1Algorithm: String {
        switch self {
        case .v13: "http://docs.oasis-open.org/ws-sx/ws-secureconversation/200512/dk/p_sha1"
        case .v200502: "http://schemas.xmlsoap.org/ws/2005/02/sc/dk/p_sha1"
        }
    }

    /// The fault codes in this version's namespace (WS-SC 1.3 §9, 2005/02 §10).
    public var faultCodes: WSSCFaultCode {
        switch self {
        case .v13: .v13
        case .v200502: .v200502
        }
    }

    // MARK: Actions (WS-SC 1.3 §3–§6, 2005/02 §4–§7)

    /// The Action of a request of `binding`: `{wst}/RST/SCT`, `…/RST/SCT/Amend`, `…/Renew`, `…/Cancel`.
    public func requestAction(_ binding: ContextBinding) -> String {
        "\(trustVersion.namespace)/RST/SCT\(binding.actionSuffix)"
    }

    /// The Action of the response to a request of `binding`: `{wst}/RSTR/SCT…`.
    public func responseAction(_ binding: ContextBinding) -> String {
        "\(trustVersion.namespace)/RSTR/SCT\(binding.actionSuffix)"
    }

    /// The binding and version an Action names, or nil when it is none of the context actions.
    public static func binding(ofRequestAction action: String) -> (SecureConversationVersion, ContextBinding)? {
        requestActions.first { $0.action == action }.map { ($0.version, $0.binding) }
    }

    /// Every request Action with its version and binding, made once: a service looks up the
    /// Action of every request it receives.
    private static let requestActions: [(action: String, version: SecureConversationVersion, binding: ContextBinding)] =
        allCases.flatMap { version in ContextBinding.allCases.map { (version.requestAction($0), version, $0) } }
}

/// The WS-SecureConversation bindings of WS-Trust: what a context request asks for.
public enum ContextBinding: Hashable, Sendable, CaseIterable {
    /// Establish a new context (WS-SC 1.3 §3).
    case issue
    /// Add claims to a context (WS-SC 1.3 §4).
    case amend
    /// New key material and lifetime for a context (WS-SC 1.3 §5).
    case renew
    /// End a context (WS-SC 1.3 §6).
    case cancel

    var actionSuffix: String {
        switch self {
        case .issue: ""
        case .amend: "/Amend"
        case .renew: "/Renew"
        case .cancel: "/Cancel"
        }
    }
}
