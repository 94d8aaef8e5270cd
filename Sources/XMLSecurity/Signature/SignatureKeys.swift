public import TesseraCrypto

/// The key a signature is checked with, chosen by the caller after resolving KeyInfo and
/// deciding to trust it.
public enum VerificationKey: Sendable {
    /// An RSA or EC public key.
    case publicKey(PublicKey)
    /// A shared secret for HMAC.
    case secret([UInt8])
}

/// The key a signature is made with.
public enum SigningKey: Sendable {
    /// An RSA or EC private key.
    case privateKey(PrivateKey)
    /// A shared secret for HMAC.
    case secret([UInt8])
}
