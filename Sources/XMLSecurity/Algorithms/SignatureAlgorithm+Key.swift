public import TesseraCrypto

extension SignatureAlgorithm {
    /// What a message signed with a key of `keyType` uses unless configured otherwise: RSA-SHA256
    /// for RSA keys (XML-DSig 1.1 §6.4.2), ECDSA with the digest that matches the curve for EC
    /// keys (§6.4.3).
    public static func preferred(for keyType: AsymmetricKeyType) -> SignatureAlgorithm {
        switch keyType {
        case .rsa: .rsaSHA256
        case .ec(.p256): .ecdsaSHA256
        case .ec(.p384): .ecdsaSHA384
        case .ec(.p521): .ecdsaSHA512
        }
    }
}
