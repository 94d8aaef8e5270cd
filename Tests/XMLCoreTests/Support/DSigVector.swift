import Foundation
import Testing
import XMLCore

/// Reads the same-document references of a W3C XML-DSig vector and recomputes what each one
/// digests with XMLCore's canonicalization: the generic loader the vector tests share.
///
/// Supported: URIs `""`, `#id`, `#xpointer(/)`, `#xpointer(id('id'))`; the transforms
/// enveloped-signature, C14N 1.0 and Exclusive C14N 1.0 (each with or without comments, with an
/// InclusiveNamespaces PrefixList); SHA-1 digests. Anything else (XPath, XSLT, base64, external
/// URIs, other digests) is reported as unsupported with a reason, so each test can list
/// exactly which references it leaves out.
struct DSigVector {
    static let dsig = "http://www.w3.org/2000/09/xmldsig#"
    static let excC14N = "http://www.w3.org/2001/10/xml-exc-c14n#"

    struct Reference: CustomStringConvertible {
        struct Transform {
            var algorithm: String
            var inclusivePrefixes: [String]
            var xpath: String?
        }
        var index: Int
        var uri: String
        var transforms: [Transform]
        var digestMethod: String
        var digestValue: String
        var signature: XMLElement
        var description: String { "Reference[\(index)] URI=\"\(uri)\"" }
    }

    enum Outcome {
        /// The octets the reference digests, and their SHA-1 in base64.
        case computed(bytes: [UInt8], digest: String)
        case unsupported(String)
    }

    let document: XMLDocument
    let index: IDIndex
    let signature: XMLElement
    let references: [Reference]

    /// Same-document XPath filters whose node set is exactly the subtree of one element, mapped
    /// to that element (used to check merlin-c14n-three's outputs through a subtree).
    var subtreeEquivalentXPaths: [String: (XMLDocument) -> XMLElement?] = [:]

    init(contentsOf url: URL) throws {
        document = try XMLDocument(parsing: TestEnvironment.read(url))
        index = try IDIndex(document)
        signature = try #require(
            document.root.descendantsAndSelf.first { $0.is("Signature", Self.dsig) },
            "no ds:Signature in \(url.lastPathComponent)")
        let signedInfo = try #require(signature.firstChild("SignedInfo", Self.dsig))
        let signature = signature
        references = signedInfo.children("Reference", Self.dsig).enumerated().map { offset, reference in
            let transforms =
                reference.firstChild("Transforms", Self.dsig)?.children("Transform", Self.dsig).map { transform in
                    Reference.Transform(
                        algorithm: transform.attribute("Algorithm") ?? "",
                        inclusivePrefixes: transform.firstChild("InclusiveNamespaces", Self.excC14N)?
                            .attribute("PrefixList")?.split(separator: " ").map(String.init) ?? [],
                        xpath: transform.firstChild("XPath", Self.dsig)?.text
                            .split(whereSeparator: { $0.isWhitespace }).joined(separator: " "))
                } ?? []
            return Reference(
                index: offset, uri: reference.attribute("URI") ?? "", transforms: transforms,
                digestMethod: reference.firstChild("DigestMethod", Self.dsig)?.attribute("Algorithm") ?? "",
                digestValue: reference.firstChild("DigestValue", Self.dsig)?.trimmedText ?? "",
                signature: signature)
        }
    }

    /// The canonicalization a C14N algorithm URI names, or nil for any other algorithm.
    static func method(_ algorithm: String, inclusivePrefixes: [String] = []) -> CanonicalizationMethod? {
        switch algorithm {
        case "http://www.w3.org/TR/2001/REC-xml-c14n-20010315": .inclusive(withComments: false)
        case "http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments": .inclusive(withComments: true)
        case "http://www.w3.org/2001/10/xml-exc-c14n#": .exclusive(withComments: false, inclusivePrefixes: inclusivePrefixes)
        case "http://www.w3.org/2001/10/xml-exc-c14n#WithComments": .exclusive(withComments: true, inclusivePrefixes: inclusivePrefixes)
        default: nil
        }
    }

    /// The canonical SignedInfo, by the signature's CanonicalizationMethod.
    func canonicalSignedInfo() throws -> [UInt8] {
        let signedInfo = try #require(signature.firstChild("SignedInfo", Self.dsig))
        let c14n = try #require(signedInfo.firstChild("CanonicalizationMethod", Self.dsig))
        let prefixes =
            c14n.firstChild("InclusiveNamespaces", Self.excC14N)?.attribute("PrefixList")?
            .split(separator: " ").map(String.init) ?? []
        let method = try #require(Self.method(c14n.attribute("Algorithm") ?? "", inclusivePrefixes: prefixes))
        return try document.canonicalize(signedInfo, method: method)
    }

    /// XML-DSig §4.3.3: dereference the URI into a node set, apply the transforms, and turn the
    /// final node set into octets with C14N 1.0 (without comments) when no transform did.
    func compute(_ reference: Reference) throws -> Outcome {
        guard reference.digestMethod == "http://www.w3.org/2000/09/xmldsig#sha1" else {
            return .unsupported("digest \(reference.digestMethod)")
        }
        var apex: XMLElement?
        var keepsComments: Bool
        let uri = reference.uri
        if uri == "" {
            (apex, keepsComments) = (nil, false)
        } else if uri == "#xpointer(/)" {
            (apex, keepsComments) = (nil, true)
        } else if uri.hasPrefix("#xpointer(id('"), uri.hasSuffix("'))") {
            let id = String(uri.dropFirst("#xpointer(id('".count).dropLast("'))".count))
            (apex, keepsComments) = (try index.element(withID: id), true)
        } else if uri.hasPrefix("#"), !uri.hasPrefix("#xpointer(") {
            (apex, keepsComments) = (try index.element(withID: String(uri.dropFirst())), false)
        } else {
            return .unsupported("URI \(uri)")
        }
        var excluded: XMLElement?
        var octets: [UInt8]?
        for transform in reference.transforms {
            guard octets == nil else { return .unsupported("a transform after canonicalization") }
            if transform.algorithm == "http://www.w3.org/2000/09/xmldsig#enveloped-signature" {
                excluded = reference.signature
            } else if let method = Self.method(transform.algorithm, inclusivePrefixes: transform.inclusivePrefixes) {
                octets = try document.canonicalize(apex, method: Self.dropComments(method, unless: keepsComments), excluding: excluded)
            } else if transform.algorithm == "http://www.w3.org/TR/1999/REC-xpath-19991116",
                let xpath = transform.xpath, apex == nil, excluded == nil,
                let subtree = subtreeEquivalentXPaths[xpath]
            {
                guard let element = subtree(document) else {
                    throw XMLError(.invalidStructure, "no element for the XPath \(xpath)")
                }
                apex = element
            } else {
                return .unsupported("transform \(transform.algorithm)")
            }
        }
        let bytes = try octets ?? document.canonicalize(apex, method: .inclusive(withComments: false), excluding: excluded)
        return .computed(bytes: bytes, digest: Data(SHA1.hash(bytes)).base64EncodedString())
    }

    /// A node set without comment nodes canonicalizes the same with or without comments.
    private static func dropComments(_ method: CanonicalizationMethod, unless keepsComments: Bool) -> CanonicalizationMethod {
        guard !keepsComments else { return method }
        return switch method {
        case .inclusive: .inclusive(withComments: false)
        case .exclusive(_, let prefixes): .exclusive(withComments: false, inclusivePrefixes: prefixes)
        }
    }
}
