/// The party that sent a request, as authentication established it.
public struct AuthenticatedRequestor: Sendable, Hashable {
    /// How the requestor proved who it is.
    public enum Method: String, Sendable, Hashable {
        /// A trusted requestor's X.509 signature over the Body and Timestamp.
        case x509Signature
        /// A UsernameToken whose password the user directory verified.
        case usernamePassword
        /// A bearer SAML assertion from a trusted issuer, over TLS or from a trusted requestor.
        case samlBearer
        /// A signature over the Body and Timestamp with a SAML assertion's confirmation key.
        case samlHolderOfKey
    }

    /// The requestor's qualified name, unique across methods — `x509:<requestor>`,
    /// `user:<name>`, `saml:<subject>@<issuer>` — recorded as the token's requestor and
    /// compared by Renew and Cancel.
    public var id: String
    /// A display name: the configured requestor name, the user name, the SAML subject. ActAs
    /// records it as the actor.
    public var name: String
    public var method: Method
    /// Whether it may ask for tokens for others (OnBehalfOf, ActAs, transforming Validate).
    public var mayDelegate: Bool
    /// Who the token is for when the requestor asks for itself.
    public var identity: AuthenticatedIdentity
    /// The realm of identities it asserts without proof (a UsernameToken without password in
    /// OnBehalfOf), for identity mapping: a trusted requestor's configured realm.
    public var assertionRealm: String

    public init(id: String, name: String, method: Method, mayDelegate: Bool, identity: AuthenticatedIdentity, assertionRealm: String? = nil) {
        self.id = id
        self.name = name
        self.method = method
        self.mayDelegate = mayDelegate
        self.identity = identity
        self.assertionRealm = assertionRealm ?? identity.realm
    }
}
