import XMLCore

/// What a same-document reference URI selects (XML-DSig §4.4.3.3).
enum ReferenceTarget {
    /// `URI=""`, or `#xpointer(/)` when comments are kept.
    case wholeDocument(keepsComments: Bool)
    /// `#id`, or `#xpointer(id('id'))` when comments are kept.
    case element(XMLElement, keepsComments: Bool)

    init(uri: String?, index: IDIndex, policy: SignatureVerificationPolicy = .default) throws {
        guard let uri else {
            throw XMLSecurityError(.unsupportedReference, "a reference without URI is not supported")
        }
        if uri.isEmpty {
            guard policy.allowWholeDocumentReference else {
                throw XMLSecurityError(.policyViolation, "whole-document references are not allowed")
            }
            self = .wholeDocument(keepsComments: false)
            return
        }
        guard uri.hasPrefix("#"), uri.utf8.count > 1 else {
            throw XMLSecurityError(.unsupportedReference, "only same-document references are supported, not \(uri)")
        }
        let fragment = String(uri.dropFirst())
        if fragment == "xpointer(/)" {
            guard policy.allowWholeDocumentReference else {
                throw XMLSecurityError(.policyViolation, "whole-document references are not allowed")
            }
            self = .wholeDocument(keepsComments: true)
        } else if fragment.hasPrefix("xpointer(") {
            guard let id = Self.xpointerID(fragment) else {
                throw XMLSecurityError(.unsupportedReference, "unsupported XPointer \(fragment)")
            }
            self = .element(try Self.element(id, in: index), keepsComments: true)
        } else {
            self = .element(try Self.element(fragment, in: index), keepsComments: false)
        }
    }

    /// The element the target stands for (nil for the whole document).
    var element: XMLElement? {
        if case .element(let element, _) = self { return element }
        return nil
    }

    var keepsComments: Bool {
        switch self {
        case .wholeDocument(let keeps), .element(_, let keeps): keeps
        }
    }

    private static func element(_ id: String, in index: IDIndex) throws -> XMLElement {
        guard let element = index[id] else {
            throw XMLSecurityError(.referenceNotFound, "no element has the ID '\(id)'")
        }
        return element
    }

    /// `xpointer(id('X'))` or `xpointer(id("X"))` → X.
    private static func xpointerID(_ fragment: String) -> String? {
        for quote in ["'", "\""] {
            let prefix = "xpointer(id(\(quote)", suffix = "\(quote)))"
            if fragment.hasPrefix(prefix), fragment.hasSuffix(suffix), fragment.count > prefix.count + suffix.count {
                return String(fragment.dropFirst(prefix.count).dropLast(suffix.count))
            }
        }
        return nil
    }
}

/// The transforms we accept on a reference: an optional enveloped-signature transform followed
/// by at most one canonicalization, which must come last. Everything else is refused.
struct TransformChain {
    static let envelopedSignature = "http://www.w3.org/2000/09/xmldsig#enveloped-signature"

    var enveloped = false
    var canonicalization: CanonicalizationMethod?

    init(enveloped: Bool, canonicalization: CanonicalizationMethod?) {
        self.enveloped = enveloped
        self.canonicalization = canonicalization
    }

    init(_ transforms: [SignatureElement.Transform]) throws {
        for transform in transforms {
            guard canonicalization == nil else {
                throw XMLSecurityError(.unsupportedTransform, "a canonicalization must be the last transform")
            }
            if transform.algorithm == Self.envelopedSignature, !enveloped {
                enveloped = true
            } else if let method = CanonicalizationAlgorithm.method(uri: transform.algorithm, element: transform.element) {
                canonicalization = method
            } else {
                throw XMLSecurityError(.unsupportedTransform, "unsupported transform \(transform.algorithm)")
            }
        }
    }

    /// The octets the digest is computed over (XML-DSig §4.4.3.2: a node-set left at the end of
    /// the chain is canonicalized with C14N 1.0 without comments).
    func octets(of target: ReferenceTarget, signature: XMLElement) throws -> [UInt8] {
        let method = CanonicalizationAlgorithm.method(
            canonicalization ?? .inclusive(withComments: false), keepingComments: target.keepsComments)
        do {
            return try signature.document.canonicalize(target.element, method: method, excluding: enveloped ? signature : nil)
        } catch {
            throw XMLSecurityError(.malformed, "the referenced content could not be canonicalized")
        }
    }
}
