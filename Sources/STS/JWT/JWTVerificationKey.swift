import JWTKit

/// The public half of a ``JWTSigningKey``: what the STS verifies its own JWTs with, so that
/// validating a token never needs the private key.
struct JWTVerificationKey: Sendable {
    enum Backing: Sendable {
        case rsa(Insecure.RSA.PublicKey)
        case p256(ES256PublicKey)
    }

    let backing: Backing
    /// The `kid` the signing key writes, if any.
    let keyID: String?

    /// The only algorithm this key verifies.
    var algorithm: JWTSigningAlgorithm {
        switch backing {
        case .rsa: .rs256
        case .p256: .es256
        }
    }

    /// A jwt-kit key collection holding this key alone, as its default key: jwt-kit then
    /// verifies with this key whatever `kid` a token names.
    func keyCollection() async -> JWTKeyCollection {
        let keys = JWTKeyCollection()
        switch backing {
        case .rsa(let key): await keys.add(rsa: key, digestAlgorithm: .sha256)
        case .p256(let key): await keys.add(ecdsa: key)
        }
        return keys
    }
}

extension JWTSigningKey {
    /// The public half of this key.
    var verificationKey: JWTVerificationKey {
        switch backing {
        case .rsa(let key): JWTVerificationKey(backing: .rsa(key.publicKey), keyID: keyID)
        case .p256(let key): JWTVerificationKey(backing: .p256(key.publicKey), keyID: keyID)
        }
    }
}
