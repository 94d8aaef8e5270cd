import Foundation
import SecurityCore
public import X509
public import XMLCore
public import XMLSecurity

/// A token a signature or decryption was made with. The cases holding certificates keep them in
/// a box (`indirect`): a token is copied with the signatures and results that name it, and a
/// copy is then one reference rather than every field of a certificate.
public enum SecurityToken: Sendable {
    /// An X.509 certificate that was validated against the trust store, and its chain.
    indirect case x509(Certificate, chain: [Certificate])
    /// A symmetric key from an `xenc:EncryptedKey` addressed to us, by its Id.
    case encryptedKey(id: String?)
    /// A key named by an external reference (a security context, a derived key).
    case external(kind: String, identifier: String)
    /// The holder-of-key confirmation key of the SAML assertion with this ID, carried in the
    /// header and trusted by the ``SAMLConfirmationKeyResolver``. The certificate is not
    /// trusted on its own: the assertion's issuer vouches for it.
    indirect case samlAssertion(id: String, confirmationKey: Certificate)

    /// Whether `other` names the same key: the same certificate, EncryptedKey, external token
    /// or assertion, whatever chain was presented with it.
    public func isSameKey(as other: SecurityToken) -> Bool {
        switch (self, other) {
        case (.x509(let mine, _), .x509(let theirs, _)): mine.isSame(as: theirs)
        case (.encryptedKey(let mine), .encryptedKey(let theirs)): mine == theirs
        case (.external(let kind, let mine), .external(let otherKind, let theirs)): kind == otherKind && mine == theirs
        case (.samlAssertion(let mine, let key), .samlAssertion(let theirs, let otherKey)): mine == theirs && key == otherKey
        default: false
        }
    }
}

/// The outcome of processing one `wsse:Security` header: who authenticated, what was signed by
/// which token and what was decrypted. Policy is checked on this, never on the raw message.
public struct SecurityHeaderResult {
    /// A verified signature and the token whose key made it; shared by reference, as the
    /// lists of signatures covering an element are filtered from it.
    public final class ProcessedSignature {
        public let verified: VerifiedSignature
        public let token: SecurityToken

        init(verified: VerifiedSignature, token: SecurityToken) {
            self.verified = verified
            self.token = token
        }
    }

    public struct ProcessedUsernameToken {
        public let element: XMLElement
        public let token: UsernameToken
        /// Whether a password was checked; false for an identity assertion without password.
        public let passwordVerified: Bool
    }

    public internal(set) var timestamp: (element: XMLElement, value: Timestamp)?
    public internal(set) var usernameTokens: [ProcessedUsernameToken] = []
    public internal(set) var signatures: [ProcessedSignature] = []
    public internal(set) var decryptions: [DecryptedContent] = []
    /// Certificates carried in BinarySecurityTokens (not trusted by being here).
    public internal(set) var binarySecurityTokens: [BinarySecurityToken] = []
    /// SAML assertions carried in the header, in order (not trusted by being here).
    public internal(set) var samlAssertions: [HeaderSAMLAssertion] = []
    /// WSS 1.1 SignatureConfirmation values (nil for a confirmation of an unsigned request).
    public internal(set) var signatureConfirmations: [[UInt8]?] = []
    /// The replay-cache entries the receiver must record before it answers, when it took that
    /// over (``ReplayRecording/deferredToReceiver``); empty otherwise.
    public internal(set) var deferredReplayEntries = DeferredReplayEntries()

    /// The signatures whose digests cover `element`.
    public func signatures(covering element: XMLElement) -> [ProcessedSignature] {
        signatures.filter { $0.verified.covers(element) }
    }

    /// Whether `element` (or its content) was received encrypted.
    public func isEncrypted(_ element: XMLElement) -> Bool {
        decryptions.contains { decrypted in
            decrypted.elements.contains { element.isDescendant(of: $0) }
                || (decrypted.type == .content && element.isDescendant(of: decrypted.parent))
        }
    }

    /// Whether the content of `element` was received encrypted (Body content, for example).
    public func isContentEncrypted(_ element: XMLElement) -> Bool {
        decryptions.contains { $0.parent == element || $0.elements.contains(element) }
    }

    /// The X.509 certificate the policy check found to authenticate the sender: the one
    /// certificate whose signature covers the Body (or, when no X.509 signature covers the
    /// Body, the one certificate that signed anything). Nil when no X.509 signature
    /// authenticated the message.
    public internal(set) var authenticatedCertificate: Certificate?

    /// The tokens whose signatures cover `element`, each key once, in header order.
    public func signingKeys(covering element: XMLElement) -> [SecurityToken] {
        var keys: [SecurityToken] = []
        for signature in signatures where signature.verified.covers(element) && !keys.contains(where: { $0.isSameKey(as: signature.token) }) {
            keys.append(signature.token)
        }
        return keys
    }

    /// The signatures made with `token`'s key that cover `element`.
    public func signatures(by token: SecurityToken, covering element: XMLElement) -> [ProcessedSignature] {
        signatures.filter { $0.token.isSameKey(as: token) && $0.verified.covers(element) }
    }
}
