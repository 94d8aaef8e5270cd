import XMLCore

extension SignatureBuilder {
    /// Writes `ds:SignedInfo` as bytes into `signature` (``writesSignedInfoAsBytes``) and
    /// returns its canonical form; nil, with nothing written, when it holds what
    /// ``SignedInfoWriter`` does not write.
    func writeSignedInfoBytes(into signature: XMLElement, index: IDIndex) throws -> [UInt8]? {
        guard case .exclusive(_, let prefixes) = canonicalization, prefixes.isEmpty,
            references.allSatisfy({ $0.transforms.dereferencing == nil || ($0.knownDigest != nil && $0.transforms.dereferencingParameters != nil) })
        else { return nil }
        var digests: [[UInt8]] = []
        digests.reserveCapacity(references.count)
        for reference in references {
            let target = try ReferenceTarget(uri: reference.uri, index: index)
            digests.append(try digest(of: reference, target: target, transform: nil, signature: signature, index: index))
        }
        var writer = SignedInfoWriter(place: signature, capacity: 256 + 512 * references.count)
        writer.start(Names.signedInfo)
        writeAlgorithm(Names.canonicalizationMethod, CanonicalizationAlgorithm.uri(of: canonicalization), into: &writer)
        writeAlgorithm(Names.signatureMethod, algorithm.uri, into: &writer)
        for (reference, digest) in zip(references, digests) {
            writer.start(Names.reference)
            writer.attribute("URI", reference.uri)
            writeTransforms(of: reference, into: &writer)
            writeAlgorithm(Names.digestMethod, reference.digestMethod.uri, into: &writer)
            writer.start(Names.digestValue)
            writer.text(plain: Base64.encode(digest))
            writer.end(Names.digestValue)
            writer.end(Names.reference)
        }
        writer.end(Names.signedInfo)
        guard let (canonical, serialized) = writer.finish() else { return nil }
        signature.addVerbatim(VerbatimElement(writtenInPlace: serialized, localName: "SignedInfo", namespace: XMLSecurityNamespace.ds, prefix: "ds"))
        return canonical
    }

    /// The `ds:Transforms` ``writeHead(of:into:)`` builds, written.
    private func writeTransforms(of reference: Reference, into writer: inout SignedInfoWriter) {
        let transforms = reference.transforms
        if let dereferencing = transforms.dereferencing, let parameters = transforms.dereferencingParameters {
            writer.start(Names.transforms)
            writer.start(Names.transform)
            writer.attribute("Algorithm", dereferencing.algorithm)
            parameters.write(into: &writer)
            writer.end(Names.transform)
            writer.end(Names.transforms)
            return
        }
        guard transforms.envelopedSignature || transforms.canonicalization != nil else { return }
        writer.start(Names.transforms)
        if transforms.envelopedSignature {
            writeAlgorithm(Names.transform, TransformChain.envelopedSignature, into: &writer)
        }
        if let method = transforms.canonicalization {
            writer.start(Names.transform)
            writer.attribute("Algorithm", plain: CanonicalizationAlgorithm.uri(of: method))
            if case .exclusive(_, let prefixes) = method, !prefixes.isEmpty {
                writer.start(Names.inclusiveNamespaces)
                writer.attribute("PrefixList", prefixes.joined(separator: " "))
                writer.end(Names.inclusiveNamespaces)
            }
            writer.end(Names.transform)
        }
        writer.end(Names.transforms)
    }

    /// An empty element with the `Algorithm` of one of the algorithms this module names.
    private func writeAlgorithm(_ name: SignedInfoWriter.Name, _ uri: String, into writer: inout SignedInfoWriter) {
        writer.start(name)
        writer.attribute("Algorithm", plain: uri)
        writer.end(name)
    }

    /// The names ``writeSignedInfoBytes(into:index:)`` writes.
    private enum Names {
        static let signedInfo = ds("SignedInfo")
        static let canonicalizationMethod = ds("CanonicalizationMethod")
        static let signatureMethod = ds("SignatureMethod")
        static let reference = ds("Reference")
        static let transforms = ds("Transforms")
        static let transform = ds("Transform")
        static let digestMethod = ds("DigestMethod")
        static let digestValue = ds("DigestValue")
        static let inclusiveNamespaces = SignedInfoWriter.Name(prefix: "ec", localName: "InclusiveNamespaces", namespace: XMLSecurityNamespace.excC14N)

        private static func ds(_ localName: String) -> SignedInfoWriter.Name {
            SignedInfoWriter.Name(prefix: "ds", localName: localName, namespace: XMLSecurityNamespace.ds)
        }
    }
}
