import XMLCore

/// The canonicalization algorithm URIs we accept for CanonicalizationMethod and Transform.
enum CanonicalizationAlgorithm {
    static let inclusive = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
    static let inclusiveWithComments = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments"
    static let exclusive = "http://www.w3.org/2001/10/xml-exc-c14n#"
    static let exclusiveWithComments = "http://www.w3.org/2001/10/xml-exc-c14n#WithComments"

    /// Reads an algorithm element (CanonicalizationMethod or Transform) that names a C14N
    /// algorithm, with its InclusiveNamespaces PrefixList; nil when the URI is not a C14N.
    static func method(uri: String, element: XMLElement) -> CanonicalizationMethod? {
        switch uri {
        case inclusive: return .inclusive(withComments: false)
        case inclusiveWithComments: return .inclusive(withComments: true)
        case exclusive, exclusiveWithComments:
            let prefixes =
                element.firstChild("InclusiveNamespaces", XMLSecurityNamespace.excC14N)?
                .attribute("PrefixList")?
                .split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
                .map(String.init) ?? []
            return .exclusive(withComments: uri == exclusiveWithComments, inclusivePrefixes: prefixes)
        default: return nil
        }
    }

    /// The URI of a method.
    static func uri(of method: CanonicalizationMethod) -> String {
        switch method {
        case .inclusive(let comments): comments ? inclusiveWithComments : inclusive
        case .exclusive(let comments, _): comments ? exclusiveWithComments : exclusive
        }
    }

    /// Writes the algorithm attribute and, for exclusive C14N with prefixes, InclusiveNamespaces.
    static func write(_ method: CanonicalizationMethod, into element: XMLElement) {
        element.setAttribute("Algorithm", value: uri(of: method))
        if case .exclusive(_, let prefixes) = method, !prefixes.isEmpty {
            element.addChild("InclusiveNamespaces", XMLSecurityNamespace.excC14N, prefix: "ec")
                .setAttribute("PrefixList", value: prefixes.joined(separator: " "))
        }
    }

    /// The same method with comments kept or dropped.
    static func method(_ method: CanonicalizationMethod, keepingComments: Bool) -> CanonicalizationMethod {
        switch method {
        case .inclusive(let comments): .inclusive(withComments: comments && keepingComments)
        case .exclusive(let comments, let prefixes): .exclusive(withComments: comments && keepingComments, inclusivePrefixes: prefixes)
        }
    }
}
