public import Foundation
public import WSTrust
public import XMLCore

/// One request the STS answered, for the audit log: who asked, on behalf of whom, for where,
/// and what was issued, validated, renewed or cancelled, or why it was refused. Delivered to
/// ``STSConfiguration/audit``; the library itself never logs. Holds no token bytes, passwords
/// or key material.
public struct AuditEvent: Sendable, Hashable {
    /// A token the request produced.
    public struct Token: Sendable, Hashable {
        public var id: String
        public var tokenType: TokenType
        /// The issued subject, after identity mapping.
        public var subject: String
        public var created: Date
        public var expires: Date

        public init(id: String, tokenType: TokenType, subject: String, created: Date, expires: Date) {
            self.id = id
            self.tokenType = tokenType
            self.subject = subject
            self.created = created
            self.expires = expires
        }
    }

    /// How delegation was asked for.
    public enum Delegation: String, Sendable, Hashable {
        case onBehalfOf, actAs
    }

    public enum Outcome: Sendable, Hashable {
        case issued(Token)
        /// A Validate answer; `issued` is the new token of a transforming Validate.
        case validated(valid: Bool, reason: String?, issued: Token?)
        case renewed(previousID: String, token: Token)
        case cancelled(tokenID: String)
        /// The request was answered with a fault: its code (`wst:…`, `wsse:…`) and safe reason.
        case refused(fault: QName, reason: String)
    }

    public var time: Date
    /// Nil when the Body holds no readable RequestSecurityToken. For a request refused before
    /// its requestor was authenticated, this, ``appliesTo`` and ``tokenType`` are as the
    /// unauthenticated request presented them.
    public var requestType: RequestType?
    /// The authenticated requestor's qualified name (``AuthenticatedRequestor/id``); nil when
    /// authentication failed or did not happen.
    public var requestor: String?
    public var authentication: AuthenticatedRequestor.Method?
    /// The identity asserted in OnBehalfOf / ActAs, as presented (before mapping).
    public var delegatedIdentity: String?
    public var delegation: Delegation?
    public var appliesTo: String?
    /// The token type asked for, or, once the STS decided it (the relying party's type wins,
    /// the token-transformation scenario), the type decided.
    public var tokenType: TokenType?
    /// The configured relying party's name.
    public var relyingParty: String?
    /// The request's `wsa:MessageID`.
    public var messageID: String?
    /// From ``STSRequestContext/remoteAddress``.
    public var remoteAddress: String?
    public var outcome: Outcome

    public init(time: Date, outcome: Outcome) {
        self.time = time
        self.outcome = outcome
    }
}

/// Receives every ``AuditEvent``, after the response is built and before it is returned.
/// Called concurrently from every request; it must not block for long.
public typealias AuditSink = @Sendable (AuditEvent) -> Void
