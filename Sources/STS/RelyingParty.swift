public import Foundation
public import SAML
public import WSTrust
public import X509
import XMLCore
public import XMLSecurity

/// A service the STS issues tokens for, recognised by the AppliesTo address of a request.
/// Its configured token type is what the provider's domain needs: in the token-transformation
/// scenario only the STS knows which token types each provider's endpoint supports, and its
/// choice wins over the request's TokenType.
public struct RelyingParty: Sendable, Hashable {
    /// How AppliesTo addresses are matched.
    public enum AddressPattern: Sendable, Hashable, CustomStringConvertible {
        /// The address itself (compared after trimming and dropping one trailing slash).
        case exact(String)
        /// Every address under this one. For a URL with a host (RFC 3986 §3) the scheme, host
        /// and port must be the same (`https://rp.example.com` does not cover
        /// `https://rp.example.com.evil.net/`) and the path must continue at a segment boundary
        /// (`/services` covers `/services/hello`, not `/services-old`); any other URI (a URN)
        /// is compared as text.
        case prefix(String)

        public func matches(_ address: String) -> Bool {
            let candidate = Self.normalized(address)
            switch self {
            case .exact(let value): return candidate == Self.normalized(value)
            case .prefix(let value): return Self.isUnder(candidate, prefix: value.trimmingXMLWhitespace())
            }
        }

        static func isUnder(_ candidate: String, prefix: String) -> Bool {
            guard let base = URLComponents(string: prefix), let baseHost = base.host, !baseHost.isEmpty else {
                return candidate.hasPrefix(prefix)
            }
            guard let target = URLComponents(string: candidate), let scheme = target.scheme?.lowercased(),
                scheme == base.scheme?.lowercased(), target.host?.lowercased() == baseHost.lowercased(),
                effectivePort(target) == effectivePort(base), target.user == nil, target.password == nil
            else { return false }
            let basePath = base.path.hasSuffix("/") ? String(base.path.dropLast()) : base.path
            let path = target.path
            guard path.hasPrefix(basePath) else { return false }
            let rest = path.dropFirst(basePath.count)
            guard rest.isEmpty || rest.hasPrefix("/") else { return false }
            // A prefix with a query or fragment covers only addresses that repeat it.
            if let query = base.query, target.query?.hasPrefix(query) != true || !rest.isEmpty { return false }
            return true
        }

        private static func effectivePort(_ components: URLComponents) -> Int? {
            if let port = components.port { return port }
            switch components.scheme?.lowercased() {
            case "http": return 80
            case "https": return 443
            default: return nil
            }
        }

        static func normalized(_ address: String) -> String {
            let trimmed = address.trimmingXMLWhitespace()
            return trimmed.hasSuffix("/") ? String(trimmed.dropLast()) : trimmed
        }

        public var description: String {
            switch self {
            case .exact(let value): value
            case .prefix(let value): value + "*"
            }
        }
    }

    public var name: String
    public var addresses: [AddressPattern]
    /// The token type this relying party accepts; it wins over the request's TokenType.
    public var tokenType: TokenType
    public var keyType: KeyType
    /// Token lifetime for this party (the STS default when nil).
    public var lifetime: TimeInterval?
    /// The SAML audience; the AppliesTo address when nil.
    public var audience: String?
    public var nameIDFormat: SAMLNameIDFormat
    /// How the subject of a token without proof key is confirmed: sender-vouches (the
    /// token-transformation scenario's gateway) or bearer. Tokens with a proof key are always
    /// holder-of-key.
    public var confirmation: SAMLConfirmationKind
    /// The key types this party accepts (WS-Trust 1.3 §4.4.1): a request's KeyType is honoured
    /// when it is one of these and refused otherwise; ``keyType`` is used when the request names
    /// none.
    public var acceptedKeyTypes: Set<KeyType>
    /// The attributes (claims) this party receives, in order. Nothing beyond the subject's name
    /// is disclosed unless a rule releases it.
    public var claims: [ClaimRule] = []
    /// Who may obtain this party's tokens, for whom; nil: any authenticated requestor, for
    /// anyone it may speak for.
    public var authorization: IssuanceAuthorization?
    /// The party's certificate: symmetric proof keys are encrypted for it (RSA-OAEP), and so are
    /// SAML 2.0 assertions when ``encryptsToken`` is on. Needed for SymmetricKey tokens.
    public var encryptionCertificate: Certificate?
    /// Whether SAML 2.0 assertions are issued as `EncryptedAssertion` for
    /// ``encryptionCertificate``.
    public var encryptsToken = true
    /// The algorithm the STS signs this party's assertions with (RSA-SHA256 by default, with a
    /// digest of the same family). RSA-SHA1 is refused unless ``_WEAK_allowSHA1Signature`` is on.
    public var signatureAlgorithm: SignatureAlgorithm = .rsaSHA256
    /// Allows an RSA-SHA1 signature and SHA-1 digest for a legacy party that accepts nothing else.
    /// SHA-1 signatures can be forged by a well-funded attacker: leave this off.
    public var _WEAK_allowSHA1Signature = false
    /// How this party's JWTs are signed (when ``tokenType`` is ``TokenType/jwt``).
    public var jwtAlgorithm: JWTSigningAlgorithm = .rs256
    /// How a JWT is carried inside `wst:RequestedSecurityToken`.
    public var jwtEncapsulation: JWTEncapsulation = .cxfTokenWrapper
    /// Whether the STS issues security contexts for this party (WS-SC 1.3 §3: an RST whose
    /// TokenType is the SCT), to the requestors ``authorization`` allows; off by default.
    public var issuesSecurityContexts = false

    public init(
        name: String, addresses: [AddressPattern], tokenType: TokenType = .saml20, keyType: KeyType = .bearer,
        lifetime: TimeInterval? = nil, audience: String? = nil, nameIDFormat: SAMLNameIDFormat = .unspecified,
        confirmation: SAMLConfirmationKind = .senderVouches, acceptedKeyTypes: Set<KeyType>? = nil
    ) {
        self.name = name
        self.addresses = addresses
        self.tokenType = tokenType
        self.keyType = keyType
        self.lifetime = lifetime
        self.audience = audience
        self.nameIDFormat = nameIDFormat
        self.confirmation = confirmation
        self.acceptedKeyTypes = acceptedKeyTypes ?? [keyType]
    }

    /// The key type to issue when the request asks for `requested` (nil: none named).
    /// A key type this party does not accept is refused with `wst:InvalidRequest`.
    public func keyType(requested: KeyType?) throws -> KeyType {
        guard let requested else { return keyType }
        guard acceptedKeyTypes.contains(requested) else {
            throw WSTrustError(.invalidRequest, "the relying party does not accept the requested KeyType")
        }
        return requested
    }
}

/// The configured relying parties, searched in order; the first match wins.
public struct RelyingPartyRegistry: Sendable {
    public var parties: [RelyingParty]
    /// Used for a request whose AppliesTo matches nothing; such requests are refused when nil.
    public var defaultParty: RelyingParty?

    public init(parties: [RelyingParty], defaultParty: RelyingParty? = nil) {
        self.parties = parties
        self.defaultParty = defaultParty
    }

    /// The relying party for `address`, or nil when none is configured for it.
    public func party(for address: String) -> RelyingParty? {
        parties.first { $0.addresses.contains { $0.matches(address) } }
    }
}
