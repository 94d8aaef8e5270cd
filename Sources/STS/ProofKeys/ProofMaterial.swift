public import SAML
public import WSTrust

/// The proof key of one issuance (WS-Trust 1.3 §4.4.3): what the issued token's holder-of-key
/// confirmation names, and what the response tells the requestor so it can use the key.
public struct ProofMaterial {
    public let keyType: KeyType
    /// The key the token's holder-of-key SubjectConfirmation carries in its `ds:KeyInfo`: the
    /// symmetric key encrypted for the relying party, or the requestor's certificate or public
    /// key. Nil for a bearer token.
    public let confirmationKey: SAMLConfirmationKey?
    /// The symmetric proof key itself. Secret: never log it or store it unencrypted.
    public let symmetricKey: [UInt8]?
    /// `wst:RequestedProofToken`: the key (plain only over a confidential channel, or encrypted
    /// for the requestor), or the ComputedKey algorithm; nil when the requestor already has the key.
    public let requestedProofToken: RequestSecurityTokenResponse.ProofToken?
    /// The issuer's entropy, when the key is computed from both sides' entropy.
    public let issuerEntropy: Entropy?
    /// The symmetric key's size in bits.
    public let keySize: Int?

    init(
        keyType: KeyType, confirmationKey: SAMLConfirmationKey?, symmetricKey: [UInt8]? = nil,
        requestedProofToken: RequestSecurityTokenResponse.ProofToken? = nil, issuerEntropy: Entropy? = nil, keySize: Int? = nil
    ) {
        self.keyType = keyType
        self.confirmationKey = confirmationKey
        self.symmetricKey = symmetricKey
        self.requestedProofToken = requestedProofToken
        self.issuerEntropy = issuerEntropy
        self.keySize = keySize
    }

    /// No proof key: the token is a bearer (or sender-vouches) token.
    public static var bearer: ProofMaterial { ProofMaterial(keyType: .bearer, confirmationKey: nil) }

    /// Writes RequestedProofToken, Entropy and KeySize into `response`. The KeyType is echoed for
    /// proof keys, and for bearer tokens in the 2005/02 namespace, whose clients expect it.
    public func apply(to response: inout RequestSecurityTokenResponse) {
        response.requestedProofToken = requestedProofToken
        response.entropy = issuerEntropy
        response.keySize = keySize
        if keyType != .bearer || response.version == .v200502 {
            response.keyType = keyType
        }
    }
}
