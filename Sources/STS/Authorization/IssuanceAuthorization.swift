public import WSTrust

/// Who may obtain a relying party's tokens: which requestors may ask, and for which subjects.
/// Without it any authenticated requestor gets the party's tokens for anyone it may speak for.
///
/// A requestor is allowed when ``requestors`` is nil or names it; a subject when ``subjects``
/// is empty or one of its rules matches. A refused requestor is `wst:FailedAuthentication`
/// (WS-Trust 1.3 §11: the requestor is not authorized); a refused subject is
/// `wst:InvalidRequest` (the request asks for a token the party may not be issued).
public struct IssuanceAuthorization: Sendable, Hashable {
    /// A subject the party's tokens may be issued for: in ``realm`` (any realm when nil), with
    /// ``attribute`` holding one of ``values`` (no attribute condition when nil).
    public struct SubjectRule: Sendable, Hashable {
        public var realm: String?
        public var attribute: String?
        public var values: Set<String>

        public init(realm: String? = nil, attribute: String? = nil, values: Set<String> = []) {
            self.realm = realm
            self.attribute = attribute
            self.values = values
        }

        func matches(_ subject: AuthenticatedIdentity) -> Bool {
            if let realm, subject.realm != realm { return false }
            guard let attribute else { return true }
            return subject.attributes.contains { $0.name == attribute && $0.values.contains(where: values.contains) }
        }
    }

    /// Requestors allowed to ask: a trusted X.509 requestor by its configured name, any other
    /// requestor by its qualified id (`user:<name>`, `saml:<subject>@<issuer>`). Nil: any.
    public var requestors: Set<String>?
    /// Subjects allowed; empty: any.
    public var subjects: [SubjectRule]

    public init(requestors: Set<String>? = nil, subjects: [SubjectRule] = []) {
        self.requestors = requestors
        self.subjects = subjects
    }

    /// Throws when `requestor` may not obtain a token for `subject`.
    public func authorize(_ requestor: AuthenticatedRequestor, for subject: AuthenticatedIdentity) throws(WSTrustError) {
        if let requestors, !requestors.contains(requestor.id),
            !(requestor.method == .x509Signature && requestor.id == "x509:" + requestor.name && requestors.contains(requestor.name))
        {
            throw WSTrustError(.failedAuthentication, "the requestor may not obtain tokens for this relying party")
        }
        guard subjects.isEmpty || subjects.contains(where: { $0.matches(subject) }) else {
            throw WSTrustError(.invalidRequest, "tokens for this relying party cannot be issued for this subject")
        }
    }
}
