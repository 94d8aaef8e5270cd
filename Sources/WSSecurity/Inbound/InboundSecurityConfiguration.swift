public import Foundation
public import SecurityCore
import TesseraCrypto
import X509
public import XMLSecurity

/// Checks UsernameToken passwords.
public protocol UsernameTokenAuthenticator: Sendable {
    /// Returns normally when `token`'s password is right for its user; throws otherwise.
    /// A PasswordDigest can only be checked by an authenticator that can recover the password.
    /// A thrown ``WSSecurityError`` is answered as it is (choose a reason that does not tell
    /// an unknown user from a wrong password); any other error becomes
    /// `wsse:FailedAuthentication` ("the username or password is not valid").
    func authenticate(_ token: UsernameToken) async throws
}

/// Resolves symmetric keys that are not carried in the message (a security context's derived
/// keys, for example) from a SecurityTokenReference.
public protocol SymmetricKeyResolver: Sendable {
    /// The key `reference` names, or nil when this resolver does not know it. Its token must be
    /// `.external` or `.encryptedKey`: a key labelled `.x509` or `.samlAssertion` is refused.
    func key(for reference: SecurityTokenReference, in context: InboundContextInfo) async throws -> ResolvedSymmetricKey?
}

/// What a symmetric key resolver can see of the message being processed.
public struct InboundContextInfo {
    public let keysFromEncryptedKeys: [String: [UInt8]]
    /// The time the message is checked at.
    public let now: Date
}

/// A resolved symmetric key and what it stands for.
public struct ResolvedSymmetricKey: Sendable {
    public let key: [UInt8]
    public let token: SecurityToken

    public init(key: [UInt8], token: SecurityToken) {
        self.key = key
        self.token = token
    }
}

/// Everything inbound processing needs. Secure defaults: X.509 keys must chain to
/// ``trustStore``, timestamps are checked with five minutes of skew, nonces and signature
/// values are replay-checked.
public struct InboundSecurityConfiguration: Sendable {
    public var trustStore: X509TrustStore?
    public var decryptionCredentials: [X509Credential] = []
    public var usernameAuthenticator: (any UsernameTokenAuthenticator)?
    public var symmetricKeyResolver: (any SymmetricKeyResolver)?
    /// Trusts SAML assertions in the header and names their holder-of-key confirmation keys;
    /// without it a signature referencing an assertion is refused.
    public var samlKeyResolver: (any SAMLConfirmationKeyResolver)?
    /// Processors for header tokens this module does not define (WS-SecureConversation's
    /// SecurityContextToken and DerivedKeyToken); none by default, so such tokens are ignored
    /// unless a reference needs them.
    public var tokenProcessors: [any SecurityHeaderTokenProcessor] = []
    public var replayCache: any ReplayCache = InMemoryReplayCache()
    /// Whether the engine writes the replay-cache entries of an accepted message itself (the
    /// default) or leaves them to the receiver, which then must record them before answering.
    public var replayRecording = ReplayRecording.immediate
    public var clock: TimeSource = .system
    /// Tolerated difference between clocks.
    public var clockSkew: TimeInterval = 300
    /// Oldest accepted Timestamp Created (nil: only Expires counts).
    public var timestampMaxAge: TimeInterval? = 300
    /// Oldest accepted UsernameToken Created.
    public var usernameTokenMaxAge: TimeInterval = 300
    /// Refuse a message whose signature value was already seen while it is fresh.
    public var detectReplayedSignatures = true
    /// Most `ds:Signature` and `xenc:EncryptedKey` elements one header may carry: each costs a
    /// public-key operation, so an unbounded count is a denial-of-service lever.
    public var maxSignatures = 4
    public var maxEncryptedKeys = 4
    /// Most `wsse:UsernameToken` elements one header may carry: each costs a replay-cache write
    /// and, with a password, a password-hash check.
    public var maxUsernameTokens = 4
    /// Most references all the signatures of one message may carry together.
    public var maxReferencesPerMessage = 32
    /// Most bytes canonicalized for the references of all the signatures of one message.
    public var maxCanonicalizedBytesPerMessage = 8 << 20
    public var signaturePolicy = SignatureVerificationPolicy()
    public var decryptionPolicy = DecryptionPolicy()

    public init(trustStore: X509TrustStore? = nil) {
        self.trustStore = trustStore
    }
}
