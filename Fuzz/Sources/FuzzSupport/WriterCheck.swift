@testable import XMLCore

/// Compares Tessera's own writers with libxml2 on a parsed or built document, through the
/// same checks DEBUG builds run on every call: the serializer (``XMLDocument/serialize()``)
/// against `xmlsave` for the document and each element, and the Exclusive C14N writer against
/// `xmlC14NExecute` for each element as apex, with and without comments, with an
/// InclusiveNamespaces PrefixList, with and without an excluded descendant (the
/// enveloped-signature transform). Inclusive C14N, which only libxml2 implements, runs on each
/// apex too. A difference is reported as a ``Finding``.
public enum WriterCheck {
    /// Elements tried as apex, in document order, so one input costs a bounded time.
    static let maximumApexes = 24

    /// Runs every comparison on `document`; returns normally when the writers agree.
    public static func check(_ document: XMLDocument) {
        for declaration in [false, true] {
            if let own = document.serializeWithOwnWriter(includeDeclaration: declaration),
               let difference = document.serializationDifferenceFromLibXML2(own, includeDeclaration: declaration) {
                Finding.report(difference)
            }
        }
        let elements = Array(document.root.descendantsAndSelf.prefix(maximumApexes))
        let prefixes = ["#default"] + Set(elements.compactMap(\.prefix)).sorted()
        checkCanonical(document, apex: nil, excluded: elements.dropFirst().last, prefixes: prefixes)
        for (index, element) in elements.enumerated() {
            if let own = document.serializeWithOwnWriter(element),
               let difference = document.serializationDifferenceFromLibXML2(own, element) {
                Finding.report(difference)
            }
            let excluded = element.children.last
            checkCanonical(document, apex: element, excluded: index.isMultiple(of: 2) ? excluded : nil, prefixes: prefixes)
            _ = try? document.canonicalize(element, method: .inclusive(withComments: index.isMultiple(of: 2)))
        }
    }

    private static func checkCanonical(_ document: XMLDocument, apex: XMLElement?, excluded: XMLElement?, prefixes: [String]) {
        let methods: [CanonicalizationMethod] = [
            .exclusive(withComments: false, inclusivePrefixes: []),
            .exclusive(withComments: true, inclusivePrefixes: []),
            .exclusive(withComments: false, inclusivePrefixes: prefixes),
        ]
        for method in methods {
            for excluding in [nil] + (excluded.map { [$0] } ?? []) {
                guard let own = document.canonicalizeWithOwnWriter(apex, method: method, excluding: excluding) else { continue }
                if let difference = document.canonicalDifferenceFromLibXML2(own, apex, method: method, excluding: excluding) {
                    Finding.report(difference)
                }
            }
        }
    }
}
