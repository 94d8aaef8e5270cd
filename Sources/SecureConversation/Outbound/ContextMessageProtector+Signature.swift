import WSSecurity
import XMLCore
import XMLSecurity

extension ContextMessageProtector {
    /// Signs `targets` with HMAC under `key`, the key `signingToken` derives, and appends the
    /// `ds:Signature` to `security`, written in its exclusive canonical form (``SignatureWriter``)
    /// and placed as a ``XMLCore/VerbatimElement``: the Signature ``SignatureBuilder`` builds for
    /// the same references, each the target's exclusive C14N digested, with a KeyInfo holding a
    /// `wsse:SecurityTokenReference` to the DerivedKeyToken (WS-SC 1.3 §7). Assigns a `wsu:Id`
    /// to a target that has none. Returns the Signature's placeholder and its SignatureValue.
    ///
    /// Refuses a message in which a target's ID occurs twice, or is not an NCName
    /// (``WSSecurity/SignedElementID``).
    func writeSignature(
        over targets: [XMLElement], key: [UInt8], signingToken: DerivedKeyToken, in security: XMLElement
    ) throws -> (signature: XMLElement, value: [UInt8]) {
        let ids = try targets.map { try Self.id(of: $0) }
        try SignedElementID.checkSelected(ids, targets, in: security.document)
        let references = try zip(targets, ids).map { target, id in
            SignatureWriter.Reference(uri: "#" + id, digestMethod: protection.digestMethod, content: try .exclusiveForm(of: target))
        }
        let form = SecurityTokenReference.Form.reference(uri: "#" + (signingToken.id ?? ""), valueType: signingToken.version.derivedKeyValueType)
        guard let tokenReference = SecurityTokenReference.written(form) else {
            throw WSSecurityError(.invalidSecurity, "the derived key's reference holds a character XML does not allow")
        }
        var value: [UInt8] = []
        let signature = try SignatureWriter(algorithm: protection.signatureAlgorithm, signatureID: Self.newID("SIG"))
            .signature(references: references, key: .secret(key), value: &value) { keyInfo in
                keyInfo.insert(tokenReference, at: keyInfo.position())
            }
        return (security.addVerbatim(try VerbatimElement(written: signature)), value)
    }
}
