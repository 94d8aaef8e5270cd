import JWTKit
public import TesseraCrypto

/// A private key the STS signs JWTs with, held as jwt-kit's key type: an RSA key (2048 bits or
/// more) signs RS256, a P-256 key ES256. Other keys are refused when the value is made.
public struct JWTSigningKey: Sendable {
    enum Backing: Sendable {
        case rsa(Insecure.RSA.PrivateKey)
        case p256(ES256PrivateKey)
    }

    let backing: Backing
    /// The `kid` header written with every token (lets relying parties pick the key from a JWKS).
    public let keyID: String?

    /// The algorithm this key signs with.
    public var algorithm: JWTSigningAlgorithm {
        switch backing {
        case .rsa: .rs256
        case .p256: .es256
        }
    }

    /// Takes `key` (the STS's signing key, or a separate EC key) into jwt-kit.
    /// Throws `JWTSigningKeyError` for keys other than RSA ≥ 2048 bits and EC P-256.
    public init(_ key: PrivateKey, keyID: String? = nil) throws {
        self.keyID = keyID
        do {
            switch key.keyType {
            case .rsa(let bits) where bits >= 2048:
                backing = .rsa(try Insecure.RSA.PrivateKey(pem: key.pkcs8PEMRepresentation))
            case .ec(.p256):
                backing = .p256(try ES256PrivateKey(pem: key.pkcs8PEMRepresentation))
            default:
                throw JWTSigningKeyError()
            }
        } catch {
            throw JWTSigningKeyError()
        }
    }

    /// Signs `payload` as a compact JWS with header `alg`, `typ: JWT` and `kid` when set.
    func sign(_ payload: some JWTPayload) async throws -> String {
        let keys = JWTKeyCollection()
        let kid = keyID.map { JWKIdentifier(string: $0) }
        switch backing {
        case .rsa(let key): await keys.add(rsa: key, digestAlgorithm: .sha256, kid: kid)
        case .p256(let key): await keys.add(ecdsa: key, kid: kid)
        }
        return try await keys.sign(payload, kid: kid)
    }
}

/// A key jwt-kit cannot sign RS256 or ES256 with.
public struct JWTSigningKeyError: Error, CustomStringConvertible {
    public var description: String { "JWTs are signed with RSA keys of 2048 bits or more (RS256) or EC P-256 keys (ES256)" }
}
