import Foundation
public import WSSecurity
public import WSTrust
public import X509
public import XMLCore

/// What a client asks an STS for, independent of the WS-Trust version and SOAP binding it is
/// sent with (WS-Trust 1.3 §3.1, §4–§7, §9; WS-Trust 1.4 for ActAs). ``STSClient`` turns it into
/// a `wst:RequestSecurityToken`.
public struct TokenRequest {
    /// The binding and, for Validate, Renew and Cancel, the token it applies to.
    public enum Operation {
        case issue
        /// Validate `token` (WS-Trust 1.3 §7). With no ``TokenRequest/tokenType`` the request
        /// asks for a status only (`…/RSTR/Status`); with another type, for a new token.
        case validate(XMLElement)
        /// Renew `token` (WS-Trust 1.3 §5).
        case renew(XMLElement)
        /// Cancel `token` (WS-Trust 1.3 §6).
        case cancel(XMLElement)

        public var requestType: RequestType {
            switch self {
            case .issue: .issue
            case .validate: .validate
            case .renew: .renew
            case .cancel: .cancel
            }
        }
    }

    public var operation: Operation
    /// The relying party's address, sent as `wsp:AppliesTo/wsa:EndpointReference/wsa:Address`.
    public var appliesTo: String?
    public var tokenType: TokenType?
    public var keyType: KeyRequest?
    /// The identity the token is requested for (WS-Trust 1.3 §9.1, the RST of the
    /// token-transformation scenario).
    public var onBehalfOf: DelegatedToken?
    /// The identity the requestor acts as (WS-Trust 1.4 `ActAs`); the requestor is the actor.
    public var actAs: DelegatedToken?
    public var claims: RequestedClaims?
    /// The requested validity (WS-Trust 1.3 §4.4.2); the STS may shorten it.
    public var lifetime: Lifetime?
    public var renewing: Renewing?
    /// `Context` attribute, echoed by the STS in its response.
    public var context: String?

    public init(_ operation: Operation = .issue) {
        self.operation = operation
    }
}

/// The proof key a client asks for (WS-Trust 1.3 §9.2 KeyType, KeySize, UseKey; §4.4.3 entropy).
public enum KeyRequest: Sendable {
    /// No proof key: whoever holds the token may use it.
    case bearer
    /// A symmetric key of `keySize` bits. With `clientEntropy` the client sends random entropy
    /// of that size and asks for a P_SHA1 computed key, so neither side alone chooses the key.
    case symmetricKey(keySize: Int = 256, clientEntropy: Bool = true)
    /// The certificate's public key, sent in `wst:UseKey` as a BinarySecurityToken. Sign the
    /// request with the same certificate's credential: that signature is the requestor's proof
    /// that it holds the private key.
    case publicKey(Certificate)

    /// Smallest and largest symmetric key sizes the client asks for, in bits.
    public static let symmetricKeySizes = 128...512

    var keyType: KeyType {
        switch self {
        case .bearer: .bearer
        case .symmetricKey: .symmetricKey
        case .publicKey: .publicKey
        }
    }
}

/// A token carried in `wst:OnBehalfOf` or `wst14:ActAs`.
public enum DelegatedToken {
    /// A `wsse:UsernameToken` with a Username only: an identity assertion by a trusted
    /// requestor, as the gateway of the token-transformation scenario forwards the consumer's token
    /// (the consumer's request in the token-transformation scenario).
    case identity(username: String)
    /// A UsernameToken as given (with Nonce and Created, so the STS can replay-check it).
    case usernameToken(UsernameToken)
    /// A SAML assertion element, copied verbatim (its signature must still verify).
    case samlAssertion(XMLElement)
    /// An X.509 certificate, sent as an X509v3 `wsse:BinarySecurityToken`.
    case certificate(Certificate)
}

/// `wst:Claims` in a dialect; by default the identity dialect ADFS and WIF use, listing claim
/// types as `ic:ClaimType Uri="…" Optional="…"` (WS-Trust 1.3 §4.1, Identity Selector
/// Interoperability Profile §7.1.1).
public struct RequestedClaims: Hashable, Sendable {
    public struct ClaimType: Hashable, Sendable {
        public var uri: String
        public var optional: Bool

        public init(_ uri: String, optional: Bool = false) {
            self.uri = uri
            self.optional = optional
        }
    }

    /// `http://schemas.xmlsoap.org/ws/2005/05/identity`.
    public static let identityDialect = "http://schemas.xmlsoap.org/ws/2005/05/identity"

    public var dialect: String
    public var claimTypes: [ClaimType]

    public init(_ claimTypes: [ClaimType], dialect: String = RequestedClaims.identityDialect) {
        self.claimTypes = claimTypes
        self.dialect = dialect
    }
}

/// `wst:Renewing` in an Issue request (WS-Trust 1.3 §5): whether the token should be
/// renewable (`Allow`), and whether it may be renewed after it expired (`OK`).
public struct Renewing: Hashable, Sendable {
    public var allow: Bool
    public var renewAfterExpiry: Bool

    public init(allow: Bool = true, renewAfterExpiry: Bool = false) {
        self.allow = allow
        self.renewAfterExpiry = renewAfterExpiry
    }
}
