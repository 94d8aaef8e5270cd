import TesseraCrypto
public import XMLCore

/// Verifies a `ds:Signature` with a key the caller has already resolved and decided to trust.
///
/// Core validation (XML-DSig §3.2) in the hardened order: structure and algorithm policy
/// first, then the SignatureValue over the canonical SignedInfo, then every reference digest.
/// Only same-document references, the transforms in ``TransformChain`` and the
/// ``dereferencingTransforms`` the caller registers are accepted.
public struct SignatureVerifier: Sendable {
    public var policy: SignatureVerificationPolicy
    /// Transforms defined above XML-DSig that this verifier accepts, each as the only transform
    /// of its reference (the WS-Security engine registers the STR Dereference Transform).
    public var dereferencingTransforms: [any DereferencingTransform]

    public init(policy: SignatureVerificationPolicy = .default, dereferencingTransforms: [any DereferencingTransform] = []) {
        self.policy = policy
        self.dereferencingTransforms = dereferencingTransforms
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
            if let dereferencing = try dereferencingTransform(of: reference) {
                references.append(
                    try verifyDereferenced(
                        reference, target: target, through: dereferencing,
                        signature: signature, index: index, budget: budget))
                continue
            }
            let chain = try TransformChain(reference.transforms)
            let octets = try chain.octets(of: target, signature: signature)
            try budget?.spend(canonicalizedBytes: octets.count)
            let digest = reference.digestMethod.algorithm.hash(octets)
            guard constantTimeEquals(digest, reference.digestValue) else {
                throw XMLSecurityError(.digestMismatch, "the digest of reference '\(reference.uri ?? "")' does not match")
            }
            references.append(
                VerifiedReference(
                    uri: reference.uri ?? "",
                    target: target.element.map(VerifiedReference.Target.element) ?? .wholeDocument,
                    digestMethod: reference.digestMethod,
                    envelopedSignatureExcluded: chain.enveloped,
                    dereference: nil
                ))
        }
        return VerifiedSignature(
            element: signature, algorithm: parsed.algorithm, key: key,
            signatureValue: parsed.signatureValue, signedInfoDigest: DigestAlgorithm.sha256.hash(signedInfo),
            keyInfo: parsed.keyInfo, references: references
        )
    }

    /// The registered dereferencing transform `reference` starts with, if any; such a transform
    /// must be the reference's only one.
    private func dereferencingTransform(of reference: SignatureElement.Reference) throws -> (transform: any DereferencingTransform, element: XMLElement)? {
        guard let first = reference.transforms.first,
            let transform = dereferencingTransforms.first(where: { $0.algorithm == first.algorithm })
        else { return nil }
        guard reference.transforms.count == 1 else {
            throw XMLSecurityError(.unsupportedTransform, "the transform \(first.algorithm) must be the only transform of its reference")
        }
        return (transform: transform, element: first.element)
    }

    /// Digests what `transform` dereferences the element `target` selects to, and reports that
    /// element as covered.
    private func verifyDereferenced(
        _ reference: SignatureElement.Reference, target: ReferenceTarget,
        through dereferencing: (transform: any DereferencingTransform, element: XMLElement),
        signature: XMLElement, index: IDIndex, budget: VerificationBudget?
    ) throws -> VerifiedReference {
        guard let referenced = target.element else {
            throw XMLSecurityError(.unsupportedReference, "the transform \(dereferencing.transform.algorithm) needs a reference to one element")
        }
        let content = try dereferencing.transform.dereference(referenced, transform: dereferencing.element, signature: signature, index: index)
        try budget?.spend(canonicalizedBytes: content.octets.count)
        guard constantTimeEquals(reference.digestMethod.algorithm.hash(content.octets), reference.digestValue) else {
            throw XMLSecurityError(.digestMismatch, "the digest of reference '\(reference.uri ?? "")' does not match")
        }
        return VerifiedReference(
            uri: reference.uri ?? "", target: .element(content.element), digestMethod: reference.digestMethod,
            envelopedSignatureExcluded: false,
            dereference: .init(algorithm: dereferencing.transform.algorithm, referencedElement: referenced)
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
            valid = try Self.isValidHMAC(
                parsed, secret: secret, signedInfo: signedInfo, allowTruncation: policy.allowTruncatedHMAC,
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
    private static func isValidHMAC(
        _ parsed: SignatureElement, secret: [UInt8], signedInfo: [UInt8], allowTruncation: Bool,
        minimumKeyBytes: Int
    ) throws -> Bool {
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
