extension ServerConfiguration {
    /// A user who may authenticate with a UsernameToken password. Only a slow salted hash of the
    /// password is configured (`tessera hash-password` makes one); a plain password is refused.
    /// A user who may also send a PasswordDigest (UsernameToken Profile 1.1 §3.1) carries the
    /// password sealed under the ``ServerConfiguration/usersDigestKey`` (`tessera hash-password
    /// --digest-key` makes both).
    public struct User: Codable, Sendable, Hashable {
        public var name: String
        /// The scrypt hash in PHC form, `$scrypt$ln=…,r=…,p=…$salt$hash` (``STS/PasswordHash``).
        public var passwordHash: String
        /// The password sealed with AES-256-GCM under the digest key, bound to ``name``:
        /// `$tessera-aes256gcm$…` (``STS/SealedPassword``). Without it the user cannot use
        /// PasswordDigest.
        public var digestPassword: String?
        /// Attributes stated for the user in issued tokens (before identity mapping), in order.
        public var attributes: [Attribute] = []

        public init(name: String, passwordHash: String, digestPassword: String? = nil, attributes: [Attribute] = []) {
            self.name = name
            self.passwordHash = passwordHash
            self.digestPassword = digestPassword
            self.attributes = attributes
        }

        enum CodingKeys: String, CodingKey { case name, passwordHash, digestPassword, attributes }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
            name = try c.decode(String.self, forKey: .name)
            passwordHash = try c.decode(String.self, forKey: .passwordHash)
            digestPassword = try c.decodeIfPresent(String.self, forKey: .digestPassword)
            attributes = try c.decodeIfPresent([Attribute].self, forKey: .attributes) ?? []
        }
    }

    /// A named attribute with its values, in order.
    public struct Attribute: Codable, Sendable, Hashable {
        public var name: String
        public var values: [String]

        public init(name: String, values: [String]) {
            self.name = name
            self.values = values
        }

        enum CodingKeys: String, CodingKey { case name, values }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
            name = try c.decode(String.self, forKey: .name)
            values = try c.decode([String].self, forKey: .values)
        }
    }

    /// A SAML token issuer whose assertions are accepted: in the security header, inside
    /// OnBehalfOf / ActAs, and as Validate targets. Its certificates are pinned.
    public struct SAMLIssuer: Codable, Sendable, Hashable {
        /// The `Issuer` value its assertions carry, compared exactly.
        public var name: String
        /// PEM files of its signing certificates (each file may hold several).
        public var certificates: [String]
        /// The realm identity-mapping rules name its subjects by; ``name`` when nil.
        public var realm: String?

        public init(name: String, certificates: [String], realm: String? = nil) {
            self.name = name
            self.certificates = certificates
            self.realm = realm
        }

        enum CodingKeys: String, CodingKey { case name, certificates, realm }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
            name = try c.decode(String.self, forKey: .name)
            certificates = try c.decode([String].self, forKey: .certificates)
            realm = try c.decodeIfPresent(String.self, forKey: .realm)
        }
    }
}
