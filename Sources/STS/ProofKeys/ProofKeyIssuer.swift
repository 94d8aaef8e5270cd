import SAML
public import SecurityCore
import TesseraCrypto
import WSSecurity
public import WSTrust
public import X509
import XMLCore
public import XMLSecurity

/// Decides the proof key of an issuance from the request's KeyType, KeySize, Entropy,
/// ComputedKeyAlgorithm and UseKey (WS-Trust 1.3 §4.4.3, §4.4.4, §9.2), the relying party's
/// certificate and what the service verified about the requestor.
///
/// - Bearer: no key.
/// - SymmetricKey: a key of the negotiated size, from the issuer's random bits, the requestor's
///   entropy, or both through P_SHA1 (``ProofKeyPolicy/entropyMode``). The token carries it
///   encrypted (RSA-OAEP) for the relying party; the requestor gets a ComputedKey and the issuer's
///   entropy, or the key itself. Secrets travel in the clear only over a confidential channel;
///   otherwise they are encrypted for the requestor's RSA certificate, and issuance is refused when
///   there is none. A relying party without a certificate cannot receive a symmetric proof key.
/// - PublicKey: the key `UseKey` names, which must be a key that signed the request.
public struct ProofKeyIssuer: Sendable {
    public var policy: ProofKeyPolicy
    /// The STS's key pair: decrypts requestor entropy encrypted for the STS's certificate.
    public let credential: X509Credential
    /// How symmetric keys are encrypted for the relying party and the requestor.
    public var keyTransport: KeyTransportAlgorithm = .rsaOAEPSHA1

    public init(policy: ProofKeyPolicy = ProofKeyPolicy(), credential: X509Credential) {
        self.policy = policy
        self.credential = credential
    }

    /// The proof key for `request`, issued as `keyType` (the key type the issuance decision settled
    /// on) for a relying party whose token-encryption certificate is `relyingPartyCertificate`.
    /// Throws `WSTrustError`s with safe reasons.
    public func proof(
        for request: RequestSecurityToken, keyType: KeyType, relyingPartyCertificate: Certificate?,
        requestor: RequestorKeyFacts
    ) throws -> ProofMaterial {
        switch keyType {
        case .bearer:
            return .bearer
        case .publicKey:
            guard let useKey = request.useKey else {
                throw WSTrustError(.invalidRequest, "a PublicKey request must name its key in UseKey")
            }
            let proven = try UseKeyResolution.provenKey(named: useKey, among: requestor.provenKeys)
            let key: SAMLConfirmationKey = proven.certificate.map { .certificate($0) } ?? .keyValue(proven.publicKey)
            return ProofMaterial(keyType: .publicKey, confirmationKey: key)
        case .symmetricKey:
            return try symmetricProof(for: request, relyingPartyCertificate: relyingPartyCertificate, requestor: requestor)
        }
    }

    private func symmetricProof(
        for request: RequestSecurityToken, relyingPartyCertificate: Certificate?,
        requestor: RequestorKeyFacts
    ) throws -> ProofMaterial {
        let version = request.version
        let keySize = try policy.keySize(requested: request.keySize)
        let keyLength = keySize / 8
        if let algorithm = request.computedKeyAlgorithm, ComputedKeyAlgorithm(uri: algorithm) == nil {
            throw WSTrustError(.invalidRequest, "the only ComputedKeyAlgorithm supported is P_SHA1")
        }
        guard let relyingPartyCertificate, let relyingPartyKey = try? PublicKey(certificate: relyingPartyCertificate),
            case .rsa = relyingPartyKey.keyType
        else {
            throw WSTrustError(.requestFailed, "the relying party has no RSA certificate to receive a symmetric proof key")
        }
        let requestorEntropy = try entropy(of: request, keyLength: keyLength)

        let key: [UInt8]
        var proofToken: RequestSecurityTokenResponse.ProofToken?
        var issuerEntropy: Entropy?
        switch (policy.entropyMode, requestorEntropy) {
        case (.requestor, nil):
            throw WSTrustError(.invalidRequest, "a SymmetricKey request must carry the key as Entropy")
        case (.requestor, let entropy?):
            guard entropy.bytes.count == keyLength else {
                throw WSTrustError(.invalidRequest, "the requestor's key must be exactly KeySize bits")
            }
            guard entropy.wasEncrypted || requestor.confidentialChannel else {
                throw WSTrustError(.invalidRequest, "a requestor key sent in the clear over an open channel is not secret")
            }
            key = entropy.bytes
        case (.combined, let entropy?):
            let issuerBytes = SecureRandom.bytes(keyLength)
            key = PSHA1.derive(secret: entropy.bytes, seed: issuerBytes, length: keyLength)
            proofToken = .computedKey(ComputedKeyAlgorithm.psha1.uri(version))
            // The key is secret while one of its two inputs is: send the issuer's entropy in the
            // clear only when the requestor's was encrypted or the channel is confidential.
            let nonce = BinarySecret(value: issuerBytes, type: version.binarySecretNonce)
            if entropy.wasEncrypted || requestor.confidentialChannel {
                issuerEntropy = .binarySecret(nonce)
            } else {
                issuerEntropy = .encrypted(try encryptedForRequestor(issuerBytes, requestor: requestor, what: "issuer entropy"))
            }
        case (.combined, nil), (.issuer, _):
            key = SecureRandom.bytes(keyLength)
            if requestor.rsaEncryptionCertificate != nil {
                proofToken = .encryptedKey(try encryptedForRequestor(key, requestor: requestor, what: "proof key"))
            } else if requestor.confidentialChannel {
                proofToken = .binarySecret(BinarySecret(value: key, type: version.binarySecretSymmetricKey))
            } else {
                throw WSTrustError(.requestFailed, "the proof key can be returned only over TLS or to a requestor with an RSA certificate")
            }
        }
        let confirmation: SAMLEncryptedKey
        do {
            confirmation = try SAMLEncryptedKey.encrypting(key, for: relyingPartyCertificate, transport: keyTransport)
        } catch {
            throw WSTrustError(.requestFailed, "the proof key could not be encrypted for the relying party")
        }
        return ProofMaterial(
            keyType: .symmetricKey, confirmationKey: .encryptedKey(confirmation), symmetricKey: key,
            requestedProofToken: proofToken, issuerEntropy: issuerEntropy, keySize: keySize)
    }

    /// The requestor's entropy, decrypted when it came as an `xenc:EncryptedKey` for the STS.
    /// Encrypted entropy must be exactly `keyLength` bytes (its length is fixed before decryption
    /// so that a failure reveals nothing); plain entropy must be at least the policy's minimum.
    private func entropy(of request: RequestSecurityToken, keyLength: Int) throws -> (bytes: [UInt8], wasEncrypted: Bool)? {
        switch request.entropy {
        case nil:
            return nil
        case .binarySecret(let secret)?:
            let version = request.version
            guard secret.type == nil || secret.type == version.binarySecretNonce || secret.type == version.binarySecretSymmetricKey else {
                throw WSTrustError(.invalidRequest, "requestor Entropy must be a Nonce or SymmetricKey BinarySecret")
            }
            guard secret.value.count >= policy.minimumRequestorEntropyBytes else {
                throw WSTrustError(.invalidRequest, "requestor Entropy must be at least \(policy.minimumRequestorEntropyBytes) bytes")
            }
            return (secret.value, false)
        case .encrypted(let element)?:
            guard element.is("EncryptedKey", XMLSecurityNamespace.xenc) else {
                throw WSTrustError(.invalidRequest, "encrypted Entropy must be an xenc:EncryptedKey")
            }
            do {
                let encryptedKey = try EncryptedKeyElement(element)
                return (try XMLDecryptor().decryptKey(encryptedKey, privateKey: credential.privateKey, keyLength: keyLength), true)
            } catch {
                throw WSTrustError(.invalidRequest, "the requestor Entropy could not be decrypted")
            }
        }
    }

    /// An `xenc:EncryptedKey` of `secret` for the requestor's RSA certificate, named in its KeyInfo
    /// by a ThumbprintSHA1 SecurityTokenReference (WSS 1.1 §7.2, WS-Trust 1.3 §4.4.3 example).
    private func encryptedForRequestor(_ secret: [UInt8], requestor: RequestorKeyFacts, what: String) throws -> XMLElement {
        guard let certificate = requestor.rsaEncryptionCertificate else {
            throw WSTrustError(.requestFailed, "the \(what) can be returned only over TLS or to a requestor with an RSA certificate")
        }
        do {
            let scratch = XMLDocument(rootLocalName: "Holder", namespace: nil)
            let thumbprint = try certificate.thumbprintSHA1
            return try XMLEncryptor.addEncryptedKey(
                secret, transport: keyTransport, recipient: try PublicKey(certificate: certificate),
                in: scratch.root
            ) { keyInfo in
                SecurityTokenReference.write(.keyIdentifier(valueType: WSSURI.thumbprintSHA1, value: thumbprint, text: ""), into: keyInfo)
            }
        } catch {
            throw WSTrustError(.requestFailed, "the \(what) could not be encrypted for the requestor")
        }
    }
}

extension RequestorKeyFacts {
    /// The encryption certificate when its key is RSA (OAEP key transport needs one).
    var rsaEncryptionCertificate: Certificate? {
        guard let certificate = encryptionCertificate, let key = try? PublicKey(certificate: certificate),
            case .rsa = key.keyType
        else { return nil }
        return certificate
    }
}
