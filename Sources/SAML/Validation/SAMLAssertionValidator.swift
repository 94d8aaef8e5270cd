public import Foundation
import TesseraCrypto
public import SecurityCore
import X509
public import XMLCore
public import XMLSecurity

/// Decides whether a SAML 1.1 or 2.0 assertion can be trusted (processing is separate: the
/// models' `init(element:)` only read).
///
/// Always checked, in this order, before any policy:
/// 1. the element is an assertion of a supported version and shape;
/// 2. it carries an enveloped `ds:Signature` where its schema puts it;
/// 3. no ID occurs twice in the document;
/// 4. KeyInfo names a certificate that the ``X509TrustStore`` trusts now and whose key usage
///    allows signing;
/// 5. the signature verifies (``SignatureVerifier`` and its hardening policy);
/// 6. its one reference is `#` + the assertion's ID, resolves to this very element, uses the
///    enveloped-signature transform and covers the element: a forged copy elsewhere in the
///    document, with another ID or subject, is refused (signature-wrapping defence, SAML 2.0
///    core §5.4.2);
/// 7. IssueInstant, Conditions NotBefore/NotOnOrAfter and SubjectConfirmationData bounds hold
///    at the clock's time, within ``clockSkew``;
/// 8. every condition present is understood by the validator or evaluated by a policy.
/// Then the policies run in order; the first failure is thrown.
public struct SAMLAssertionValidator: Sendable {
    public let trustStore: X509TrustStore
    public let policies: [any SAMLAssertionPolicy]
    /// Where "now" comes from.
    public var clock: TimeSource
    /// Tolerated difference between the issuer's clock and ours.
    public var clockSkew: TimeInterval
    public var signaturePolicy: SignatureVerificationPolicy

    /// Conditions the validator itself understands.
    private static let understoodConditions: Set<SAMLConditionKind> = [.proxyRestriction, .delegationRestriction, .doNotCache]

    /// Creates a validator trusting signers through `trustStore`, reading "now" from `clock`
    /// and running `policies` after the always-on checks. The signature policy's hardening limits
    /// apply to the assertion's signature.
    public init(
        trustStore: X509TrustStore,
        clock: TimeSource = .system,
        clockSkew: TimeInterval = 300,
        signaturePolicy: SignatureVerificationPolicy = .default,
        @SAMLPolicyBuilder policies: () -> [any SAMLAssertionPolicy] = { [] }
    ) {
        self.trustStore = trustStore
        self.clock = clock
        self.clockSkew = clockSkew
        self.signaturePolicy = signaturePolicy
        self.policies = policies()
    }

    /// Parses `bytes` with the hardened parser and validates the document element.
    public func validate(serialized bytes: [UInt8]) async throws -> ValidatedSAMLAssertion {
        let document: XMLDocument
        do {
            document = try XMLDocument(parsing: bytes)
        } catch {
            throw SAMLError(.malformed, "the assertion is not well-formed XML")
        }
        return try await validate(document.root)
    }

    /// Validates the assertion `element` in its document. Throws ``SAMLError``.
    public func validate(_ element: XMLElement) async throws -> ValidatedSAMLAssertion {
        let now = clock.now
        let assertion = try SAMLAssertion(element: element)
        let signature = try signatureElement(of: element)
        let index: IDIndex
        do {
            index = try IDIndex(element.document)
        } catch let error as XMLError where error.code == .duplicateID {
            throw SAMLError(.duplicateID, "an ID occurs more than once in the document")
        } catch {
            throw SAMLError(.malformed, "the document's IDs could not be indexed")
        }
        let signer = try await trustedSigner(of: signature, at: now)
        let verified = try verify(signature, signer: signer, index: index, assertion: element, id: assertion.id)

        let facts =
            switch assertion {
            case .saml20(let model): SAMLAssertionFacts(model, signer: signer)
            case .saml11(let model): SAMLAssertionFacts(model, signer: signer)
            }
        let context = SAMLValidationContext(now: now, clockSkew: clockSkew)
        try checkTimes(facts, context: context)
        try checkConditionsUnderstood(facts)
        for policy in policies {
            if case .failsToMeetPolicy(let error) = await policy.evaluate(facts, context: context) {
                throw error
            }
        }
        return ValidatedSAMLAssertion(assertion: assertion, facts: facts, element: element, signature: verified)
    }

    // MARK: Signature

    /// The enveloped signature: after the Issuer in SAML 2.0, last in SAML 1.1 (reading the
    /// model refused a Signature anywhere else).
    private func signatureElement(of element: XMLElement) throws -> XMLElement {
        guard let signature = element.firstChild("Signature", XMLSecurityNamespace.ds) else {
            throw SAMLError(.unsigned, "the assertion is not signed")
        }
        return signature
    }

    /// The certificate KeyInfo names (an X509Certificate, or an issuer/serial or SKI of a
    /// certificate the trust store knows), trusted now and allowed to sign.
    private func trustedSigner(of signature: XMLElement, at now: Date) async throws -> Certificate {
        guard let keyInfoElement = signature.firstChild("KeyInfo", XMLSecurityNamespace.ds),
            let data = (try? KeyInfo(keyInfoElement))?.x509Data
        else {
            throw SAMLError(.untrustedSigner, "the signature does not name a certificate")
        }
        let leaf: Certificate
        var intermediates: [Certificate] = []
        if !data.certificates.isEmpty {
            let certificates: [Certificate]
            do {
                certificates = try data.certificates.map { try Certificate(derEncoded: $0) }
            } catch {
                throw SAMLError(.untrustedSigner, "the signature's certificate is not a valid certificate")
            }
            leaf = certificates[0]
            intermediates = Array(certificates.dropFirst())
        } else if let known = trustStore.allCertificates.first(where: { certificate in
            data.issuerSerials.contains { certificate.matches(issuerName: $0.issuerName, serialNumber: $0.serialNumber) }
                || data.subjectKeyIdentifiers.contains { $0 == certificate.subjectKeyIdentifierBytes }
        }) {
            leaf = known
        } else {
            throw SAMLError(.untrustedSigner, "the signature names no known certificate")
        }
        do {
            try await trustStore.validate(leaf, intermediates: intermediates, at: now)
        } catch {
            throw SAMLError(.untrustedSigner, "the signing certificate is not trusted")
        }
        // RFC 5280 §4.2.1.3: when key usage is stated, signing needs digitalSignature or nonRepudiation.
        if let usage = try? leaf.extensions.keyUsage, !usage.digitalSignature, !usage.nonRepudiation {
            throw SAMLError(.untrustedSigner, "the signing certificate's key usage does not allow signing")
        }
        return leaf
    }

    /// Verifies the signature and that it covers exactly `assertion` (SAML 2.0 core §5.4.2,
    /// SAML 1.1 core §5.4.2: one reference, to the enclosing assertion's ID, enveloped).
    private func verify(_ signature: XMLElement, signer: Certificate, index: IDIndex, assertion: XMLElement, id: String) throws -> VerifiedSignature {
        let key: PublicKey
        do {
            key = try PublicKey(certificate: signer)
        } catch {
            throw SAMLError(.untrustedSigner, "the signing certificate's key is not supported")
        }
        let verified: VerifiedSignature
        do {
            verified = try SignatureVerifier(policy: signaturePolicy).verify(signature, key: .publicKey(key), index: index)
        } catch let error as XMLSecurityError {
            switch error.code {
            case .referenceNotFound:
                throw SAMLError(.signatureScope, "the signature's reference does not resolve")
            case .weakKey:
                throw SAMLError(.untrustedSigner, "the signing key is too weak")
            default:
                throw SAMLError(.invalidSignature, "the assertion's signature is not valid")
            }
        } catch {
            throw SAMLError(.invalidSignature, "the assertion's signature is not valid")
        }
        guard verified.references.count == 1, let reference = verified.references.first else {
            throw SAMLError(.signatureScope, "the assertion's signature must have exactly one reference")
        }
        guard reference.uri == "#" + id, case .element(let target) = reference.target, target == assertion else {
            throw SAMLError(.signatureScope, "the signature does not reference this assertion")
        }
        guard reference.envelopedSignatureExcluded, verified.covers(assertion) else {
            throw SAMLError(.signatureScope, "the signature is not an enveloped signature of this assertion")
        }
        return verified
    }

    // MARK: Time and conditions

    private func checkTimes(_ facts: SAMLAssertionFacts, context: SAMLValidationContext) throws {
        let now = context.now, skew = context.clockSkew
        guard facts.issueInstant <= now.addingTimeInterval(skew) else {
            throw SAMLError(.notYetValid, "the assertion is issued in the future")
        }
        if let notBefore = facts.notBefore, now.addingTimeInterval(skew) < notBefore {
            throw SAMLError(.notYetValid, "the assertion is not yet valid")
        }
        if let notOnOrAfter = facts.notOnOrAfter, now.addingTimeInterval(-skew) >= notOnOrAfter {
            throw SAMLError(.expired, "the assertion has expired")
        }
        // SAML 2.0 core §2.4.1.2: a confirmation outside its bounds cannot be used; a subject
        // none of whose confirmations is current cannot be confirmed at all.
        for subject in facts.subjects where !subject.confirmations.isEmpty {
            guard !subject.confirmations.contains(where: { $0.isCurrent(at: now, skew: skew) }) else { continue }
            let expired = subject.confirmations.contains { confirmation in
                confirmation.notOnOrAfter.map { now.addingTimeInterval(-skew) >= $0 } ?? false
            }
            throw expired
                ? SAMLError(.expired, "the assertion's subject confirmation has expired")
                : SAMLError(.notYetValid, "the assertion's subject confirmation is not yet valid")
        }
    }

    private func checkConditionsUnderstood(_ facts: SAMLAssertionFacts) throws {
        let understood = policies.reduce(Self.understoodConditions) { $0.union($1.evaluatedConditions) }
        for condition in facts.conditions where !understood.contains(condition) {
            throw SAMLError(.conditionNotUnderstood, "the assertion carries a condition that is not evaluated here")
        }
    }
}
