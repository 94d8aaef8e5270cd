/// What an issued token is cached under: the STS, the consumer identity in its form, the
/// AppliesTo, the token type and the key type. A token is served again only for exactly the same
/// request to the same STS.
public struct TokenCacheKey: Hashable, Sendable {
    public let sts: String
    public let username: String
    /// The identity's realm: `identity-assertion`, or `password:` and a keyed digest of the
    /// password, so a token obtained with one password is never served for another.
    public let realm: String
    public let appliesTo: String
    public let tokenType: String?
    public let keyType: String?

    /// Nil for an empty username: an empty identity is never a key.
    public init?(sts: String, username: String, realm: String, appliesTo: String, tokenType: String?, keyType: String?) {
        guard !username.isEmpty, !realm.isEmpty else { return nil }
        self.sts = sts
        self.username = username
        self.realm = realm
        self.appliesTo = appliesTo
        self.tokenType = tokenType
        self.keyType = keyType
    }
}
