import SecurityCore
public import X509
public import XMLCore

extension SecurityHeaderResult {
    /// WSS SAML Token Profile 1.1 §3.4 (holder-of-key): whether one signature made with the key
    /// `assertion`'s holder-of-key confirmation names (its KeyInfo references the assertion, so
    /// the ``SAMLConfirmationKeyResolver`` trusted it) covers `body` and this header's Timestamp.
    public func isHolderOfKeyProven(for assertion: HeaderSAMLAssertion, body: XMLElement) -> Bool {
        guard let timestamp = timestamp?.element else { return false }
        return signatures.contains { signature in
            guard case .samlAssertion(let id, _) = signature.token, id == assertion.id else { return false }
            return signature.verified.covers(body) && signature.verified.covers(timestamp)
        }
    }

    /// WSS SAML Token Profile 1.1 §3.5 (sender-vouches): the signature of `attestingEntity`
    /// that, on its own, references `assertion` — directly by its ID, or through a
    /// SecurityTokenReference and the STR Dereference Transform (WSS 1.1 §8.3, §3.5.1's
    /// `wsse:SecurityTokenReference` form), the reference resolving to this very element either
    /// way — and covers `body` and this header's Timestamp. Nil when no single signature of that
    /// certificate binds the three together: an attesting entity's signature over another
    /// message's Body, over the Body without the assertion, or over another token of the header
    /// through a SecurityTokenReference, vouches for nothing.
    public func senderVouchingSignature(
        for assertion: HeaderSAMLAssertion, body: XMLElement,
        by attestingEntity: Certificate
    ) -> ProcessedSignature? {
        guard let timestamp = timestamp?.element else { return nil }
        return signatures.first { signature in
            guard case .x509(let certificate, _) = signature.token, certificate.isSame(as: attestingEntity) else { return false }
            let referencesAssertion = signature.verified.references.contains { reference in
                guard case .element(let target) = reference.target, target == assertion.element else { return false }
                guard let dereference = reference.dereference else { return reference.uri == "#" + assertion.id }
                return dereference.algorithm == STRDereferenceTransform.algorithmURI
            }
            return referencesAssertion && signature.verified.covers(body) && signature.verified.covers(timestamp)
        }
    }
}
