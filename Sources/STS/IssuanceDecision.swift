import Foundation
public import WSTrust

/// What the STS will issue for a request: for which relying party, which token type and key
/// type, for which audience (WS-Trust 1.3 §4.1 with the precedence rule of the token-transformation
/// scenario; the request's KeyType is honoured when the relying party accepts it, §4.4.1).
public struct IssuanceDecision: Sendable, Hashable {
    public var relyingParty: RelyingParty?
    public var tokenType: TokenType
    public var keyType: KeyType
    /// The AppliesTo address the token is scoped to, if any.
    public var appliesTo: String?
    public var audience: String?

    /// The token types the STS can issue without a relying party telling it to.
    public static let issuableTypes: Set<TokenType> = [.saml20, .saml11]

    /// Applies the token-type rule of the token-transformation scenario: a relying party configured
    /// for the AppliesTo address decides the token type, whatever TokenType says; TokenType alone
    /// is honoured when AppliesTo is absent (or unknown with a default party) and the type is one
    /// the STS issues; an AppliesTo that matches nothing is refused unless a default party is
    /// configured.
    public init(request: RequestSecurityToken, registry: RelyingPartyRegistry) throws {
        let requestedType = request.tokenType?.canonical
        if let address = request.appliesTo?.address {
            appliesTo = address
            if let party = registry.party(for: address) {
                relyingParty = party
                tokenType = party.tokenType
                keyType = try party.keyType(requested: request.keyType)
                audience = party.audience ?? address
                return
            }
            guard let fallback = registry.defaultParty else {
                throw WSTrustError(.invalidScope, "no relying party is configured for \(address)")
            }
            relyingParty = fallback
            tokenType = requestedType.flatMap { Self.issuableTypes.contains($0) ? $0 : nil } ?? fallback.tokenType
            keyType = try fallback.keyType(requested: request.keyType)
            audience = fallback.audience ?? address
            return
        }
        appliesTo = nil
        relyingParty = registry.defaultParty
        if let requestedType {
            guard Self.issuableTypes.contains(requestedType) else {
                throw WSTrustError(.badRequest, "the token type \(requestedType) cannot be issued without a relying party")
            }
            tokenType = requestedType
        } else if let fallback = registry.defaultParty {
            tokenType = fallback.tokenType
        } else {
            throw WSTrustError(.badRequest, "the request names neither AppliesTo nor TokenType")
        }
        keyType = try registry.defaultParty?.keyType(requested: request.keyType) ?? request.keyType ?? .bearer
        audience = registry.defaultParty?.audience
    }
}
