import Foundation
import StoreProtocols
public import X509

/// Who asked for a context, as the bootstrap policy proved it.
public enum BootstrapRequestor: Sendable, Hashable {
    /// The certificate whose key signed the RST (the `x509` bootstrap).
    case certificate(Certificate)
    /// The user whose password was verified (the `usernameOverTLS` bootstrap).
    case user(String)
    /// The subject of a SAML assertion from a trusted issuer (the `issuedSAML` bootstrap).
    case samlSubject(nameID: String, issuer: String)
}

/// A request for a context issued for another service: WS-SC 1.3 §3 lets a security token
/// service issue the SecurityContextToken that the service named in the RST's AppliesTo accepts.
public struct ContextIssuanceRequest: Sendable {
    /// The AppliesTo address, normalized (``ContextAudience/normalized(_:)``); nil when the RST
    /// names none.
    public let appliesTo: String?
    /// Who asked.
    public let requestor: BootstrapRequestor
    /// The owner the bootstrap policy names (an X.509 subject, a username, a SAML subject with
    /// its issuer).
    public let owner: String
}

/// What the token service grants: the service the context is for, and its owner as the token
/// service names requestors.
public struct ContextGrant: Sendable, Hashable {
    /// The AppliesTo recorded in the context (``StoreProtocols/SecurityContextRecord/appliesTo``):
    /// only the service at this address accepts the context.
    public var appliesTo: String
    /// The context's owner, given to the target service as the identity of every message
    /// secured with it.
    public var owner: String

    public init(appliesTo: String, owner: String) {
        self.appliesTo = appliesTo
        self.owner = owner
    }
}

/// Decides whether a context may be issued for the service a request names (the token service's
/// relying-party rules), and for whom. Set on a ``SecureConversationServiceConfiguration`` it
/// makes the service a token service that issues contexts for other services: every RST must
/// name an AppliesTo that the policy grants.
public protocol ContextIssuancePolicy: Sendable {
    /// The grant for `request`; throws a `WSTrustError` (`wst:FailedAuthentication` when the
    /// requestor may not have a context for that service, `wst:InvalidRequest` when none may be
    /// issued for it) to refuse.
    func grant(_ request: ContextIssuanceRequest) async throws -> ContextGrant
}

/// Which contexts a service accepts, by the service they were issued for: a context a token
/// service issued for AppliesTo X is accepted only by the service at X, and a service accepts
/// the contexts it established itself (no AppliesTo) unless told otherwise. A context it does
/// not accept is refused as an unknown one, with `wsc:BadContextToken`.
public struct ContextAudience: Sendable {
    /// Accept contexts this service established itself (recorded without AppliesTo).
    public var acceptsOwnContexts = true
    /// The addresses this service is known by in AppliesTo; asked per message, since a
    /// server's address may be known only once it listens.
    public var addresses: @Sendable () -> [String] = { [] }

    public init(acceptsOwnContexts: Bool = true, addresses: @escaping @Sendable () -> [String] = { [] }) {
        self.acceptsOwnContexts = acceptsOwnContexts
        self.addresses = addresses
    }

    /// An address as contexts record it: without surrounding whitespace and one trailing slash.
    public static func normalized(_ address: String) -> String {
        let trimmed = address.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.hasSuffix("/") ? String(trimmed.dropLast()) : trimmed
    }

    /// Whether `record` may secure messages to this service.
    func accepts(_ record: SecurityContextRecord) -> Bool {
        guard let appliesTo = record.appliesTo else { return acceptsOwnContexts }
        return addresses().contains { Self.normalized($0) == appliesTo }
    }
}
