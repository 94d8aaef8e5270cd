import Foundation
import SAML
import WSTrust

/// A service the STS issues tokens for, recognised by the AppliesTo address of a request.
/// Its configured token type is what the provider's domain needs (seed 004: "the STS is the
/// only party knowing what token types are supported by the providers' endpoints").
public struct RelyingParty: Sendable, Hashable {
    /// How AppliesTo addresses are matched.
    public enum AddressPattern: Sendable, Hashable, CustomStringConvertible {
        /// The address itself (compared after trimming and dropping one trailing slash).
        case exact(String)
        /// Every address starting with this prefix.
        case prefix(String)

        public func matches(_ address: String) -> Bool {
            let candidate = Self.normalized(address)
            switch self {
            case .exact(let value): return candidate == Self.normalized(value)
            case .prefix(let value): return candidate.hasPrefix(value.trimmingCharacters(in: .whitespacesAndNewlines))
            }
        }

        static func normalized(_ address: String) -> String {
            let trimmed = address.trimmingCharacters(in: .whitespacesAndNewlines)
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
    /// How the issued assertion's subject is confirmed (sender-vouches in the seed's gateway flow).
    public var confirmation: SAMLConfirmationKind

    public init(
        name: String, addresses: [AddressPattern], tokenType: TokenType = .saml20, keyType: KeyType = .bearer,
        lifetime: TimeInterval? = nil, audience: String? = nil, nameIDFormat: SAMLNameIDFormat = .unspecified,
        confirmation: SAMLConfirmationKind = .senderVouches
    ) {
        self.name = name
        self.addresses = addresses
        self.tokenType = tokenType
        self.keyType = keyType
        self.lifetime = lifetime
        self.audience = audience
        self.nameIDFormat = nameIDFormat
        self.confirmation = confirmation
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
