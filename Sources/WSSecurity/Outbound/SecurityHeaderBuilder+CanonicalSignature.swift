import XMLCore
import XMLSecurity

extension SecurityHeaderBuilder {
    /// Writes the signature over `references` (`targets` the elements they select) in canonical
    /// form (``SignatureOptions/writesCanonicalSignature``) and appends it to `security`, after
    /// the BinarySecurityToken its key reference may add; returns its placeholder. Each digest is
    /// the known one, or that of the target's exclusive C14N, or for the STR Dereference
    /// Transform that of the assertion's form under it (WSS 1.1 §8.3): what
    /// ``XMLSecurity/SignatureBuilder`` digests for the same references.
    ///
    /// As ``XMLSecurity/SignatureBuilder`` does, it refuses a document in which an ID occurs
    /// twice or a reference's `#id` selects another element than the one digested
    /// (``SignedElementID/checkSelected(_:_:in:)``).
    func writeSignature(
        _ references: [SignatureBuilder.Reference], targets: [XMLElement], options: SignatureOptions, security: XMLElement,
        ids: IDGenerator, assertion: HeaderSAMLAssertion?
    ) throws -> XMLElement {
        try SignedElementID.checkSelected(references.map { String($0.uri.dropFirst()) }, targets, in: security.document)
        let written = try zip(targets, references).map { target, reference in
            let content: SignatureWriter.Reference.Content
            if let known = reference.knownDigest {
                content = .digest(known)
            } else if reference.transforms.dereferencing != nil {
                guard let assertion else {
                    throw WSSecurityError(.invalidSecurityToken, "a reference to a SAML assertion needs a SAML assertion in the header")
                }
                content = .octets(try STRDereferenceTransform.canonicalForm(of: assertion.element))
            } else {
                content = try .exclusiveForm(of: target)
            }
            return SignatureWriter.Reference(uri: reference.uri, transforms: reference.transforms, digestMethod: reference.digestMethod, content: content)
        }
        var writer = SignatureWriter(algorithm: options.algorithm, signatureID: ids.next("SIG"))
        writer._WEAK_allowSHA1PublicKeySignature = options._WEAK_allowSHA1PublicKeySignature
        let signature = try writer.signature(references: written, key: .privateKey(options.credential.privateKey)) { keyInfo in
            try options.keyReference.write(
                for: options.credential.certificate, cached: try options.credential.referenceValues(), to: &keyInfo, security: security, ids: ids,
                samlAssertion: assertion)
        }
        return security.addVerbatim(try VerbatimElement(written: signature))
    }
}
