import WSTrust

/// Where the bits of a symmetric proof key come from (WS-Trust 1.3 §4.4.3), named as WCF names
/// the same choice (`SecurityKeyEntropyMode`).
public enum SymmetricKeyEntropyMode: Hashable, Sendable {
    /// The key is computed from the requestor's and the issuer's entropy (`ComputedKey` P_SHA1)
    /// when the requestor gives entropy; otherwise the issuer generates the key and returns it.
    case combined
    /// The issuer always generates the key and returns it; requestor entropy is ignored.
    case issuer
    /// The requestor's entropy is the key; no proof token is returned. A request without
    /// entropy is refused.
    case requestor
}

/// Rules for the proof keys the STS issues with holder-of-key tokens: symmetric key sizes, where
/// the key's entropy comes from, and how much requestor entropy is enough.
public struct ProofKeyPolicy: Hashable, Sendable {
    /// Smallest and largest symmetric key the STS issues, in bits; a requested KeySize outside
    /// these bounds is refused.
    public var minimumKeySize: Int
    public var maximumKeySize: Int
    /// The size issued when the request gives no KeySize.
    public var defaultKeySize: Int
    public var entropyMode: SymmetricKeyEntropyMode
    /// Fewest bytes of requestor entropy accepted (a shorter nonce is refused, not ignored).
    public var minimumRequestorEntropyBytes: Int

    public init(
        minimumKeySize: Int = 128, maximumKeySize: Int = 512, defaultKeySize: Int = 256,
        entropyMode: SymmetricKeyEntropyMode = .combined, minimumRequestorEntropyBytes: Int = 16
    ) {
        self.minimumKeySize = minimumKeySize
        self.maximumKeySize = maximumKeySize
        self.defaultKeySize = defaultKeySize
        self.entropyMode = entropyMode
        self.minimumRequestorEntropyBytes = minimumRequestorEntropyBytes
    }

    /// The key size to issue for a request asking for `requested` bits (nil: the default).
    /// Refuses sizes outside the bounds or not a whole number of bytes (`wst:InvalidRequest`).
    func keySize(requested: Int?) throws -> Int {
        let bits = requested ?? defaultKeySize
        guard bits >= minimumKeySize, bits <= maximumKeySize, bits % 8 == 0 else {
            throw WSTrustError(.invalidRequest, "KeySize must be a multiple of 8 from \(minimumKeySize) to \(maximumKeySize) bits")
        }
        return bits
    }
}
