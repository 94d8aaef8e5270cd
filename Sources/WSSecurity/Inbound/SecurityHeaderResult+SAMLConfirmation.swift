import X509
import XMLCore

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
    /// that, on its own, references `assertion` directly by its ID (the reference resolving to
    /// this very element) and covers `body` and this header's Timestamp. Nil when no single
    /// signature of that certificate binds the three together: an attesting entity's signature
    /// over another message's Body, or over the Body without the assertion, vouches for nothing.
    public func senderVouchingSignature(for assertion: HeaderSAMLAssertion, body: XMLElement,
                                        by attestingEntity: Certificate) -> ProcessedSignature? {
        guard let timestamp = timestamp?.element else { return nil }
        return signatures.first { signature in
            guard case .x509(let certificate, _) = signature.token, certificate == attestingEntity else { return false }
            let referencesAssertion = signature.verified.references.contains { reference in
                guard reference.uri == "#" + assertion.id, case .element(let target) = reference.target else { return false }
                return target == assertion.element
            }
            return referencesAssertion && signature.verified.covers(body) && signature.verified.covers(timestamp)
        }
    }
}
