import Foundation
import SecurityCore
import TesseraCrypto
public import WSSecurity

/// The users who may authenticate to the STS with a UsernameToken (in the security header, or
/// inside OnBehalfOf / ActAs). Passwords are kept only as slow salted hashes
/// (``PasswordHash``); a user who must use PasswordDigest also carries a ``SealedPassword``
/// that only the directory's ``digestKey`` opens.
///
/// Verification never tells an unknown user from a wrong password: both fail with the same
/// reason, and an unknown user costs the same scrypt work as a known one.
public struct UserDirectory: Sendable {
    public struct User: Sendable {
        public var name: String
        public var passwordHash: PasswordHash
        /// Present only for users allowed to use PasswordDigest.
        public var digestPassword: SealedPassword?
        /// Attributes stated for the user in issued tokens (before identity mapping).
        public var attributes: [IdentityAttribute]

        public init(name: String, passwordHash: PasswordHash, digestPassword: SealedPassword? = nil, attributes: [IdentityAttribute] = []) {
            self.name = name
            self.passwordHash = passwordHash
            self.digestPassword = digestPassword
            self.attributes = attributes
        }
    }

    /// The realm identity-mapping rules name these users by.
    public var realm: String
    /// Opens users' sealed passwords (32 bytes); nil refuses every PasswordDigest.
    public let digestKey: [UInt8]?
    private let users: [String: User]
    /// Checked against for unknown users, so they cost what a known user costs: the cost of
    /// the directory's most common hash, with a random salt and hash nobody can match.
    private let unknownUserHash: PasswordHash

    /// Refuses two users with one name and a digest key that is not 32 bytes.
    public init(users: [User], realm: String = "local", digestKey: [UInt8]? = nil) throws(UserDirectoryError) {
        var byName: [String: User] = [:]
        for user in users {
            guard byName.updateValue(user, forKey: user.name) == nil else {
                throw UserDirectoryError(.duplicateUser, "the user \(user.name) is configured twice")
            }
        }
        if let digestKey, digestKey.count != SealedPassword.keyByteCount {
            throw UserDirectoryError(.invalidDigestKey, "the digest key must be \(SealedPassword.keyByteCount) bytes")
        }
        self.users = byName
        self.realm = realm
        self.digestKey = digestKey
        let costs = Dictionary(users.map { ($0.passwordHash.parameters, 1) }, uniquingKeysWith: +)
        unknownUserHash = PasswordHash(
            parameters: costs.max { $0.value < $1.value }?.key ?? .default,
            salt: SecureRandom.bytes(PasswordHash.saltByteCount), hash: SecureRandom.bytes(PasswordHash.hashByteCount))
    }

    /// A PHC hash string of `password` for the configuration file (`tessera` offers the same as
    /// a command; any caller may use this directly).
    public static func hash(password: String, parameters: PasswordHash.Parameters = .default) throws(UserDirectoryError) -> String {
        try PasswordHash.make(password: password, parameters: parameters).phcString
    }

    /// The user called `name`, if configured.
    public func user(named name: String) -> User? {
        users[name]
    }

    /// ``authenticate(_:)`` with a PasswordText's slow hash run on `pool` (a PasswordDigest is
    /// checked at once: it costs no hashing). Throws ``ServiceBusy`` when the pool is full.
    public func authenticate(_ token: UsernameToken, on pool: PasswordCheckPool) async throws -> User {
        guard case .text? = token.password else { return try authenticate(token) }
        return try await pool.run { () throws(WSSecurityError) -> User in try authenticate(token) }
    }

    /// The user whose password `token` carries. Throws `wsse:FailedAuthentication` with one
    /// reason for an unknown user, a wrong password and a digest user without a sealed
    /// password, and a distinct reason when this directory takes no PasswordDigest at all.
    /// Whether PasswordText may travel over this transport is the caller's decision.
    public func authenticate(_ token: UsernameToken) throws(WSSecurityError) -> User {
        let refused = WSSecurityError(.failedAuthentication, "the username or password is not valid")
        switch token.password {
        case .text(let password)?:
            guard let user = users[token.username] else {
                _ = unknownUserHash.verify(password)
                throw refused
            }
            guard user.passwordHash.verify(password) else { throw refused }
            return user
        case .digest(let digest)?:
            guard let digestKey else {
                throw WSSecurityError(.failedAuthentication, "PasswordDigest is not accepted here; send PasswordText over TLS")
            }
            guard let user = users[token.username], let sealed = user.digestPassword,
                let nonce = token.nonce, let created = token.createdText,
                let password = try? sealed.open(username: user.name, key: digestKey)
            else {
                throw refused
            }
            let expected = UsernameToken.passwordDigest(nonce: nonce, created: created, password: password)
            guard constantTimeEquals(expected, digest) else { throw refused }
            return user
        case nil:
            throw WSSecurityError(.failedAuthentication, "the UsernameToken carries no password")
        }
    }
}
