internal import Crypto

/// An ECDSA public key held by swift-crypto.
enum ECPublicKey: Sendable {
    case p256(P256.Signing.PublicKey)
    case p384(P384.Signing.PublicKey)
    case p521(P521.Signing.PublicKey)

    var curve: ECCurve {
        switch self {
        case .p256: .p256
        case .p384: .p384
        case .p521: .p521
        }
    }

    init(curve: ECCurve, x962Point: [UInt8]) throws {
        do {
            switch curve {
            case .p256: self = .p256(try P256.Signing.PublicKey(x963Representation: x962Point))
            case .p384: self = .p384(try P384.Signing.PublicKey(x963Representation: x962Point))
            case .p521: self = .p521(try P521.Signing.PublicKey(x963Representation: x962Point))
            }
        } catch {
            throw CryptoError.invalidKey("not a valid uncompressed point on \(curve)")
        }
    }

    init(curve: ECCurve, subjectPublicKeyInfoDER der: [UInt8]) throws {
        do {
            switch curve {
            case .p256: self = .p256(try P256.Signing.PublicKey(derRepresentation: der))
            case .p384: self = .p384(try P384.Signing.PublicKey(derRepresentation: der))
            case .p521: self = .p521(try P521.Signing.PublicKey(derRepresentation: der))
            }
        } catch {
            throw CryptoError.invalidKey("not a valid EC public key on \(curve)")
        }
    }

    var subjectPublicKeyInfoDER: [UInt8] {
        switch self {
        case .p256(let key): Array(key.derRepresentation)
        case .p384(let key): Array(key.derRepresentation)
        case .p521(let key): Array(key.derRepresentation)
        }
    }

    var x962Point: [UInt8] {
        switch self {
        case .p256(let key): Array(key.x963Representation)
        case .p384(let key): Array(key.x963Representation)
        case .p521(let key): Array(key.x963Representation)
        }
    }

    func isValidSignature(_ raw: [UInt8], for message: [UInt8], digest: DigestAlgorithm) -> Bool {
        guard raw.count == 2 * self.curve.coordinateByteCount else { return false }
        let hashed = digest.swiftCryptoDigest(message)
        switch self {
        case .p256(let key):
            guard let signature = try? P256.Signing.ECDSASignature(rawRepresentation: raw) else { return false }
            return key.isValidSignature(signature, for: hashed)
        case .p384(let key):
            guard let signature = try? P384.Signing.ECDSASignature(rawRepresentation: raw) else { return false }
            return key.isValidSignature(signature, for: hashed)
        case .p521(let key):
            guard let signature = try? P521.Signing.ECDSASignature(rawRepresentation: raw) else { return false }
            return key.isValidSignature(signature, for: hashed)
        }
    }
}

/// An ECDSA private key held by swift-crypto.
enum ECPrivateKey: Sendable {
    case p256(P256.Signing.PrivateKey)
    case p384(P384.Signing.PrivateKey)
    case p521(P521.Signing.PrivateKey)

    init(generating curve: ECCurve) {
        switch curve {
        case .p256: self = .p256(P256.Signing.PrivateKey())
        case .p384: self = .p384(P384.Signing.PrivateKey())
        case .p521: self = .p521(P521.Signing.PrivateKey())
        }
    }

    /// From a PKCS#8 or SEC1 PEM.
    init(curve: ECCurve, pemRepresentation pem: String) throws {
        do {
            switch curve {
            case .p256: self = .p256(try P256.Signing.PrivateKey(pemRepresentation: pem))
            case .p384: self = .p384(try P384.Signing.PrivateKey(pemRepresentation: pem))
            case .p521: self = .p521(try P521.Signing.PrivateKey(pemRepresentation: pem))
            }
        } catch {
            throw CryptoError.invalidKey("not a valid EC private key on \(curve)")
        }
    }

    var curve: ECCurve {
        switch self {
        case .p256: .p256
        case .p384: .p384
        case .p521: .p521
        }
    }

    var publicKey: ECPublicKey {
        switch self {
        case .p256(let key): .p256(key.publicKey)
        case .p384(let key): .p384(key.publicKey)
        case .p521(let key): .p521(key.publicKey)
        }
    }

    /// Unencrypted PKCS#8 PEM.
    var pemRepresentation: String {
        switch self {
        case .p256(let key): key.pemRepresentation
        case .p384(let key): key.pemRepresentation
        case .p521(let key): key.pemRepresentation
        }
    }

    /// Raw r||s over the digest of `message`.
    func signature(for message: [UInt8], digest: DigestAlgorithm) throws -> [UInt8] {
        let hashed = digest.swiftCryptoDigest(message)
        do {
            switch self {
            case .p256(let key): return Array(try key.signature(for: hashed).rawRepresentation)
            case .p384(let key): return Array(try key.signature(for: hashed).rawRepresentation)
            case .p521(let key): return Array(try key.signature(for: hashed).rawRepresentation)
            }
        } catch {
            throw CryptoError.signingFailed("ECDSA signing failed")
        }
    }
}
