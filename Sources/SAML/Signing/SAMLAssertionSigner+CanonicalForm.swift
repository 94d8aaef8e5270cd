public import XMLCore
import XMLSecurity

extension SAMLAssertionSigner {
    /// The signed SAML 2.0 assertion written directly in its exclusive canonical form, without a
    /// tree: the bytes ``signedDocument(_:)-(SAML2.Assertion)`` would give once canonicalized as
    /// its signature's reference canonicalizes it (Exclusive C14N with the InclusiveNamespaces
    /// PrefixList), and a serialization of the same assertion. The digest is computed over the
    /// bytes as they are written and SignedInfo is signed as written, so no canonicalization
    /// runs. The value carries the assertion's exclusive canonical form without a PrefixList
    /// too, so a signature over an element that holds it (a response Body) digests it without
    /// a tree (``VerbatimElement``).
    ///
    /// nil when the assertion holds what only the tree writers build (holder-of-key confirmation
    /// keys) or a character XML does not allow; ``signedDocument(_:)-(SAML2.Assertion)`` then
    /// signs it, and refuses what it refuses.
    public func signedVerbatim(_ assertion: SAML2.Assertion) throws -> VerbatimElement? {
        guard assertion.hasCanonicalWriter else { return nil }
        let namespaces = assertion.qNameContentNamespaces
        var written = CanonicalXMLWriter(inclusiveNamespaces: namespaces)
        guard let signaturePosition = try? assertion.write(to: &written) else { return nil }
        var writer = EnvelopedSignatureWriter(algorithm: algorithm, digestMethod: digestMethod, inclusivePrefixes: namespaces.map(\.prefix))
        writer._WEAK_allowSHA1PublicKeySignature = _WEAK_allowSHA1PublicKeySignature
        do {
            let signature = try writer.signature(uri: "#" + assertion.id, octets: written.bytes, key: .privateKey(credential.privateKey)) { keyInfo in
                keyInfo.startElement("X509Data", .ds)
                try keyInfo.element("X509Certificate", .ds, text: try credential.referenceValues().base64DER)
                for certificate in includeChain ? credential.chain : [] {
                    try keyInfo.element("X509Certificate", .ds, text: base64(try certificate.derBytes))
                }
                keyInfo.endElement()
            }
            written.insert(signature, at: signaturePosition)
            // An assertion too large for a parser within the default limits goes the tree's way.
            guard !namespaces.isEmpty else { return try? VerbatimElement(written: written) }
            // Without the PrefixList, xmlns:xs is rendered nowhere and del where first used.
            var exclusive = CanonicalXMLWriter()
            exclusive.insert(signature, at: try assertion.write(to: &exclusive))
            return try? VerbatimElement(written: written, exclusiveForm: exclusive)
        } catch {
            throw SAMLError(.signingFailed, "the assertion could not be signed")
        }
    }
}
