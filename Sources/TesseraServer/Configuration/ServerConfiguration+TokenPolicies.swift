extension ServerConfiguration {
    /// When issued tokens may be renewed (WS-Trust 1.3 §8; ``STS/RenewalPolicy``). A relying
    /// party's ``RelyingPartyEntry/renewable`` overrides ``renewableByDefault``.
    public struct Renewal: Codable, Sendable, Hashable {
        /// Whether Renew requests are served at all.
        public var enabled = true
        /// Whether a token issued without `wst:Renewing` is renewable.
        public var renewableByDefault = false
        /// How long after its expiry a renewable token may still be renewed.
        public var windowAfterExpirySeconds = 1800

        public init(enabled: Bool = true, renewableByDefault: Bool = false, windowAfterExpirySeconds: Int = 1800) {
            self.enabled = enabled
            self.renewableByDefault = renewableByDefault
            self.windowAfterExpirySeconds = windowAfterExpirySeconds
        }

        enum CodingKeys: String, CodingKey { case enabled, renewableByDefault, windowAfterExpirySeconds }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
            enabled = try c.decodeIfPresent(Bool.self, forKey: .enabled) ?? enabled
            renewableByDefault = try c.decodeIfPresent(Bool.self, forKey: .renewableByDefault) ?? renewableByDefault
            windowAfterExpirySeconds = try c.decodeIfPresent(Int.self, forKey: .windowAfterExpirySeconds) ?? windowAfterExpirySeconds
        }
    }

    /// Symmetric proof keys (KeyType SymmetricKey; ``STS/ProofKeyPolicy``), sizes in bits.
    public struct ProofKeys: Codable, Sendable, Hashable {
        public var minimumKeySize = 128
        public var maximumKeySize = 512
        /// Issued when the request gives no KeySize.
        public var defaultKeySize = 256
        public var entropy: EntropyModeName = .combined
        /// Fewest bytes of requestor entropy accepted.
        public var minimumRequestorEntropyBytes = 16

        public init(
            minimumKeySize: Int = 128, maximumKeySize: Int = 512, defaultKeySize: Int = 256,
            entropy: EntropyModeName = .combined, minimumRequestorEntropyBytes: Int = 16
        ) {
            self.minimumKeySize = minimumKeySize
            self.maximumKeySize = maximumKeySize
            self.defaultKeySize = defaultKeySize
            self.entropy = entropy
            self.minimumRequestorEntropyBytes = minimumRequestorEntropyBytes
        }

        enum CodingKeys: String, CodingKey { case minimumKeySize, maximumKeySize, defaultKeySize, entropy, minimumRequestorEntropyBytes }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
            minimumKeySize = try c.decodeIfPresent(Int.self, forKey: .minimumKeySize) ?? minimumKeySize
            maximumKeySize = try c.decodeIfPresent(Int.self, forKey: .maximumKeySize) ?? maximumKeySize
            defaultKeySize = try c.decodeIfPresent(Int.self, forKey: .defaultKeySize) ?? defaultKeySize
            entropy = try c.decodeIfPresent(EntropyModeName.self, forKey: .entropy) ?? entropy
            minimumRequestorEntropyBytes = try c.decodeIfPresent(Int.self, forKey: .minimumRequestorEntropyBytes) ?? minimumRequestorEntropyBytes
        }
    }

    /// Where a symmetric proof key's bits come from (WS-Trust 1.3 §4.4.3).
    public enum EntropyModeName: String, Codable, Sendable, Hashable, CaseIterable {
        /// Computed from both parties' entropy when the requestor gives some (P_SHA1), else the issuer's.
        case combined
        /// Always the issuer's.
        case issuer
        /// The requestor's entropy is the key; a request without entropy is refused.
        case requestor

        public init(from decoder: any Decoder) throws {
            self = try decodeName(decoder, "an entropy mode")
        }
    }
}

/// A configuration enum read by its raw value, refused with the list of allowed names.
func decodeName<Value: RawRepresentable & CaseIterable>(_ decoder: any Decoder, _ what: String) throws -> Value where Value.RawValue == String {
    let text = try decoder.singleValueContainer().decode(String.self)
    guard let value = Value(rawValue: text) else {
        let names = Value.allCases.map(\.rawValue).joined(separator: ", ")
        throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not \(what) (\(names))"))
    }
    return value
}
