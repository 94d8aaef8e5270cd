import TesseraCrypto

extension SigningKey {
    /// The SignatureValue over `signedInfo`, its canonical form (XML-DSig §6.4): an RSA or EC
    /// private key for the public-key algorithms, a secret for HMAC, whose full-length code is
    /// returned.
    ///
    /// - Throws: ``XMLSecurityError`` `keyMismatch` when the key does not fit `algorithm`.
    func signatureValue(over signedInfo: [UInt8], algorithm: SignatureAlgorithm) throws -> [UInt8] {
        switch (algorithm.family, self) {
        case (.rsaPKCS1v15, .privateKey(let privateKey)), (.rsaPSS, .privateKey(let privateKey)):
            guard case .rsa = privateKey.keyType else { throw XMLSecurityError(.keyMismatch, "\(algorithm) needs an RSA key") }
            return try privateKey.signRSA(signedInfo, digest: algorithm.digest, padding: algorithm.family == .rsaPSS ? .pss : .pkcs1v15)
        case (.ecdsa, .privateKey(let privateKey)):
            guard case .ec = privateKey.keyType else { throw XMLSecurityError(.keyMismatch, "\(algorithm) needs an EC key") }
            return try privateKey.signECDSA(signedInfo, digest: algorithm.digest)
        case (.hmac, .secret(let secret)):
            return HMACFunction.authenticationCode(for: signedInfo, key: secret, digest: algorithm.digest)
        default:
            throw XMLSecurityError(.keyMismatch, "the key does not fit \(algorithm)")
        }
    }
}
