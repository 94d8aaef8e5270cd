public import Foundation

/// A named attribute of an identity, with its values in order.
public struct IdentityAttribute: Sendable, Hashable {
    public var name: String
    public var values: [String]

    public init(name: String, values: [String]) {
        self.name = name
        self.values = values
    }
}

/// An identity the STS has established — a requestor, or the party a requestor delegates for —
/// before identity mapping turns it into the issued subject.
public struct AuthenticatedIdentity: Sendable, Hashable {
    public var name: String
    /// Where the identity comes from, as identity-mapping rules name it: a SAML issuer's realm,
    /// a trusted requestor's realm, the user directory's realm, or an X.509 issuer's name.
    public var realm: String
    public var authentication: IssuedSubject.Authentication
    public var authenticationInstant: Date
    public var attributes: [IdentityAttribute]
    /// Delegates a presented SAML token already records (its DelegationRestriction), oldest first.
    public var delegates: [String]

    public init(
        name: String, realm: String, authentication: IssuedSubject.Authentication, authenticationInstant: Date,
        attributes: [IdentityAttribute] = [], delegates: [String] = []
    ) {
        self.name = name
        self.realm = realm
        self.authentication = authentication
        self.authenticationInstant = authenticationInstant
        self.attributes = attributes
        self.delegates = delegates
    }
}
