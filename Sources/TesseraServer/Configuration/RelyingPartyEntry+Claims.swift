extension ServerConfiguration.RelyingPartyEntry {
    /// One attribute (claim) the party receives (``STS/ClaimRule``): its name, and either
    /// constant values (`value` or `values`) or the subject's attribute of another name
    /// (`fromAttribute`, after identity mapping). Exactly one source is given.
    public struct Claim: Codable, Sendable, Hashable {
        public enum Source: Sendable, Hashable {
            /// The same values for every subject.
            case constant([String])
            /// The values of the subject's attribute of this name; no claim when it has none.
            case subjectAttribute(String)
        }

        /// The claim's name in the token (a URI or a simple name).
        public var name: String
        public var source: Source

        public init(name: String, source: Source) {
            self.name = name
            self.source = source
        }

        enum CodingKeys: String, CodingKey { case name, value, values, fromAttribute }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
            name = try c.decode(String.self, forKey: .name)
            let value = try c.decodeIfPresent(String.self, forKey: .value)
            let values = try c.decodeIfPresent([String].self, forKey: .values)
            let attribute = try c.decodeIfPresent(String.self, forKey: .fromAttribute)
            switch (value, values, attribute) {
            case (let value?, nil, nil): source = .constant([value])
            case (nil, let values?, nil): source = .constant(values)
            case (nil, nil, let attribute?): source = .subjectAttribute(attribute)
            default:
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "give exactly one of value, values or fromAttribute"))
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .name)
            switch source {
            case .constant(let values): try c.encode(values, forKey: .values)
            case .subjectAttribute(let attribute): try c.encode(attribute, forKey: .fromAttribute)
            }
        }
    }
}

extension ServerConfiguration {
    /// The algorithms the STS signs a relying party's assertions with. `rsa-sha1` also needs
    /// ``RelyingPartyEntry/INSECURE_allowSHA1Signature``.
    public enum SignatureAlgorithmName: String, Codable, Sendable, Hashable, CaseIterable {
        case rsaSHA256 = "rsa-sha256"
        case rsaSHA512 = "rsa-sha512"
        case rsaSHA1 = "rsa-sha1"

        public init(from decoder: any Decoder) throws {
            self = try decodeName(decoder, "a signature algorithm")
        }
    }

    /// The JWS algorithms (RFC 7518 §3.1): RS256 needs an RSA key of 2048 bits or more, ES256 an
    /// EC P-256 key (``Identity/jwtSigningKeys``).
    public enum JWTAlgorithmName: String, Codable, Sendable, Hashable, CaseIterable {
        case rs256
        case es256

        public init(from decoder: any Decoder) throws {
            self = try decodeName(decoder, "a JWT algorithm")
        }
    }

    /// How a JWT travels inside `wst:RequestedSecurityToken`: Apache CXF's `<TokenWrapper>`, or a
    /// `wsse:BinarySecurityToken` as WIF/ADFS write it.
    public enum JWTEncapsulationName: String, Codable, Sendable, Hashable, CaseIterable {
        case tokenWrapper = "token-wrapper"
        case binarySecurityToken = "binary-security-token"

        public init(from decoder: any Decoder) throws {
            self = try decodeName(decoder, "a JWT encapsulation")
        }
    }
}
