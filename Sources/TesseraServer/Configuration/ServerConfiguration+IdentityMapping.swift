extension ServerConfiguration {
    /// What happens to the identities of one realm (``STS/IdentityMapping/Rule``): subject
    /// rewrites, attribute renames, added attributes.
    public struct MappingRule: Codable, Sendable, Hashable {
        /// The source realm (a SAML issuer's or requestor's realm, ``ServerConfiguration/usersRealm``,
        /// an X.509 issuer name), compared exactly; every realm when nil.
        public var realm: String?
        /// Subject rewrites; the first that applies is used.
        public var names: [NameRewrite] = []
        /// Attribute renames, old name → new name.
        public var attributeNames: [String: String] = [:]
        /// Attributes added after renaming.
        public var addedAttributes: [Attribute] = []

        public init(realm: String?, names: [NameRewrite] = [], attributeNames: [String: String] = [:], addedAttributes: [Attribute] = []) {
            self.realm = realm
            self.names = names
            self.attributeNames = attributeNames
            self.addedAttributes = addedAttributes
        }

        enum CodingKeys: String, CodingKey { case realm, names, attributeNames, addedAttributes }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
            realm = try c.decodeIfPresent(String.self, forKey: .realm)
            names = try c.decodeIfPresent([NameRewrite].self, forKey: .names) ?? []
            attributeNames = try c.decodeIfPresent([String: String].self, forKey: .attributeNames) ?? [:]
            addedAttributes = try c.decodeIfPresent([Attribute].self, forKey: .addedAttributes) ?? []
        }
    }

    /// A subject rewrite: `{exact: NAME, to: NEW}`, `{replacePrefix: P, with: R}` or
    /// `{replaceSuffix: S, with: R}`. No regular expressions.
    public enum NameRewrite: Codable, Sendable, Hashable {
        case exact(String, to: String)
        case replacePrefix(String, with: String)
        case replaceSuffix(String, with: String)

        enum CodingKeys: String, CodingKey { case exact, to, replacePrefix, replaceSuffix, with }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
            let exact = try c.decodeIfPresent(String.self, forKey: .exact)
            let prefix = try c.decodeIfPresent(String.self, forKey: .replacePrefix)
            let suffix = try c.decodeIfPresent(String.self, forKey: .replaceSuffix)
            let to = try c.decodeIfPresent(String.self, forKey: .to)
            let with = try c.decodeIfPresent(String.self, forKey: .with)
            switch (exact, prefix, suffix, to, with) {
            case (let from?, nil, nil, let to?, nil): self = .exact(from, to: to)
            case (nil, let prefix?, nil, nil, let with?): self = .replacePrefix(prefix, with: with)
            case (nil, nil, let suffix?, nil, let with?): self = .replaceSuffix(suffix, with: with)
            default:
                throw DecodingError.dataCorrupted(
                    .init(
                        codingPath: decoder.codingPath,
                        debugDescription: "give {exact, to}, {replacePrefix, with} or {replaceSuffix, with}"))
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            switch self {
            case .exact(let from, let to):
                try c.encode(from, forKey: .exact)
                try c.encode(to, forKey: .to)
            case .replacePrefix(let prefix, let with):
                try c.encode(prefix, forKey: .replacePrefix)
                try c.encode(with, forKey: .with)
            case .replaceSuffix(let suffix, let with):
                try c.encode(suffix, forKey: .replaceSuffix)
                try c.encode(with, forKey: .with)
            }
        }
    }
}
