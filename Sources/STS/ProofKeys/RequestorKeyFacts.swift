public import TesseraCrypto
public import WSSecurity
public import X509
import XMLSecurity

/// What the service verified about the requestor's keys and channel: the inputs proof-key
/// issuance needs and cannot check itself. Built from the WS-Security processing result of the
/// request, never from the request's own claims.
public struct RequestorKeyFacts {
    /// A public key whose signature over the request verified, with its certificate when the
    /// signature was made with an X.509 token.
    public struct ProvenKey {
        public var publicKey: PublicKey
        public var certificate: Certificate?

        public init(publicKey: PublicKey, certificate: Certificate?) {
            self.publicKey = publicKey
            self.certificate = certificate
        }
    }

    /// Keys that signed the request (its Body, which holds the RST): the only keys a `UseKey`
    /// may name (WS-Trust 1.3 §9.2: the requestor proves possession of the key it asks to use).
    public var provenKeys: [ProvenKey]
    /// The requestor's certificate, to encrypt a returned symmetric key or issuer entropy for
    /// (usually the certificate that signed the request). Only RSA certificates are used.
    public var encryptionCertificate: Certificate?
    /// Whether the response reaches the requestor confidentially (TLS, or an encrypted response):
    /// only then may a key or entropy travel as a plain BinarySecret.
    public var confidentialChannel: Bool

    public init(provenKeys: [ProvenKey], encryptionCertificate: Certificate?, confidentialChannel: Bool) {
        self.provenKeys = provenKeys
        self.encryptionCertificate = encryptionCertificate
        self.confidentialChannel = confidentialChannel
    }

    /// The facts of `signatures` (pass the signatures covering the SOAP Body, e.g.
    /// `security.signatures(covering: request.body)`): each public key that verified becomes a
    /// proven key, and the first X.509 signer's certificate the encryption certificate.
    /// HMAC signatures prove no public key and are skipped.
    public init(signatures: [SecurityHeaderResult.ProcessedSignature], confidentialChannel: Bool) {
        provenKeys = signatures.compactMap { signature in
            guard case .publicKey(let key) = signature.verified.key else { return nil }
            if case .x509(let certificate, _) = signature.token { return ProvenKey(publicKey: key, certificate: certificate) }
            return ProvenKey(publicKey: key, certificate: nil)
        }
        encryptionCertificate = provenKeys.lazy.compactMap(\.certificate).first
        self.confidentialChannel = confidentialChannel
    }
}
