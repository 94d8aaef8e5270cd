import TesseraCrypto
import XMLCore

/// Verifies a `ds:Signature` with a key the caller has already resolved and decided to trust.
///
/// Core validation (XML-DSig §3.2) in the hardened order: structure and algorithm policy
/// first, then the SignatureValue over the canonical SignedInfo, then every reference digest.
/// Only same-document references and the transforms in ``TransformChain`` are accepted.
public struct SignatureVerifier: Sendable {
    public var policy: SignatureVerificationPolicy

    public init(policy: SignatureVerificationPolicy = .default) {
        self.policy = policy
    }

    /// Verifies `signature`, resolving `#id` references through `index` (built once per
    /// document, which refuses duplicate IDs). Returns what the signature covers.
    /// `budget`, when given, is shared by every signature of one message: each reference and
    /// each canonicalized byte is taken from it, so a message cannot make its receiver digest
    /// more than the budget however many signatures and references it carries.
    public func verify(_ signature: XMLElement, key: VerificationKey, index: IDIndex, budget: VerificationBudget? = nil) throws -> VerifiedSignature {
        let parsed = try SignatureElement(signature, policy: policy)
        try checkAlgorithms(parsed)
        try budget?.spend(references: parsed.references.count)
        let signedInfo = try checkSignatureValue(parsed, key: key)

        var references: [VerifiedReference] = []
        for reference in parsed.references {
            let target = try ReferenceTarget(uri: reference.uri, index: index, policy: policy)
            let chain = try TransformChain(reference.transforms)
            let octets = try chain.octets(of: target, signature: signature)
            try budget?.spend(canonicalizedBytes: octets.count)
            let digest = reference.digestMethod.algorithm.hash(octets)
            guard constantTimeEquals(digest, reference.digestValue) else {
                throw XMLSecurityError(.digestMismatch, "the digest of reference '\(reference.uri ?? "")' does not match")
            }
            references.append(VerifiedReference(
                uri: reference.uri ?? "",
                target: target.element.map(VerifiedReference.Target.element) ?? .wholeDocument,
                digestMethod: reference.digestMethod,
                envelopedSignatureExcluded: chain.enveloped
            ))
        }
        return VerifiedSignature(
            element: signature, algorithm: parsed.algorithm, key: key,
            signatureValue: parsed.signatureValue, signedInfoDigest: DigestAlgorithm.sha256.hash(signedInfo),
            keyInfo: parsed.keyInfo, references: references
        )
    }

    private func checkAlgorithms(_ parsed: SignatureElement) throws {
        guard !policy._WEAK_allowSHA1PublicKeySignatures, parsed.algorithm.family != .hmac else { return }
        guard !parsed.algorithm.isWeakPublicKeySHA1 else {
            throw XMLSecurityError(.unsupportedAlgorithm, "SHA-1 signatures are not accepted")
        }
        guard !parsed.references.contains(where: { $0.digestMethod == .sha1 }) else {
            throw XMLSecurityError(.unsupportedAlgorithm, "SHA-1 digests are not accepted")
        }
    }

    /// Verifies the SignatureValue over the canonical SignedInfo and returns those bytes.
    private func checkSignatureValue(_ parsed: SignatureElement, key: VerificationKey) throws -> [UInt8] {
        let signedInfo: [UInt8]
        do {
            signedInfo = try parsed.element.document.canonicalize(parsed.signedInfo, method: parsed.canonicalization)
        } catch {
            throw XMLSecurityError(.malformed, "SignedInfo could not be canonicalized")
        }
        let algorithm = parsed.algorithm
        let valid: Bool
        switch (algorithm.family, key) {
        case (.rsaPKCS1v15, .publicKey(let publicKey)), (.rsaPSS, .publicKey(let publicKey)):
            guard case .rsa(let bits) = publicKey.keyType else {
                throw XMLSecurityError(.keyMismatch, "\(algorithm) needs an RSA key")
            }
            guard bits >= policy.minimumRSAKeyBits else {
                throw XMLSecurityError(.weakKey, "RSA keys under \(policy.minimumRSAKeyBits) bits are not accepted")
            }
            valid = publicKey.isValidRSASignature(
                parsed.signatureValue, for: signedInfo, digest: algorithm.digest,
                padding: algorithm.family == .rsaPSS ? .pss : .pkcs1v15)
        case (.ecdsa, .publicKey(let publicKey)):
            guard case .ec = publicKey.keyType else {
                throw XMLSecurityError(.keyMismatch, "\(algorithm) needs an EC key")
            }
            valid = publicKey.isValidECDSASignature(parsed.signatureValue, for: signedInfo, digest: algorithm.digest)
        case (.hmac, .secret(let secret)):
            valid = try Self.isValidHMAC(parsed, secret: secret, signedInfo: signedInfo, allowTruncation: policy.allowTruncatedHMAC,
                                         minimumKeyBytes: max(policy.minimumHMACKeyBytes, HMACFunction.minimumKeyByteCount))
        default:
            throw XMLSecurityError(.keyMismatch, "the key does not fit \(algorithm)")
        }
        guard valid else {
            throw XMLSecurityError(.invalidSignature, "the signature value does not verify")
        }
        return signedInfo
    }

    /// HMAC with the CVE-2009-0217 rules: a truncated output (HMACOutputLength under the hash
    /// length) is refused unless allowed, and never accepted under max(80 bits, half the hash
    /// length); the received value must have exactly the declared length. A key shorter than
    /// `minimumKeyBytes` is refused as weak (WS-SecurityPolicy 1.2 §6.1: at least 128 bits):
    /// whoever can guess the key can forge the signature.
    private static func isValidHMAC(_ parsed: SignatureElement, secret: [UInt8], signedInfo: [UInt8], allowTruncation: Bool,
                                    minimumKeyBytes: Int) throws -> Bool {
        let fullBits = parsed.algorithm.digest.outputByteCount * 8
        let bits = parsed.hmacOutputLengthBits ?? fullBits
        let floor = allowTruncation ? max(80, fullBits / 2) : fullBits
        guard bits >= floor, bits <= fullBits, bits % 8 == 0 else {
            throw XMLSecurityError(.unsupportedAlgorithm, "an HMAC output length of \(bits) bits is not accepted")
        }
        guard secret.count >= minimumKeyBytes else {
            throw XMLSecurityError(.weakKey, "HMAC keys under \(minimumKeyBytes) bytes are not accepted")
        }
        guard parsed.signatureValue.count * 8 == bits else { return false }
        let mac = HMACFunction.authenticationCode(for: signedInfo, key: secret, digest: parsed.algorithm.digest)
        return constantTimeEquals(Array(mac.prefix(bits / 8)), parsed.signatureValue)
    }
}
