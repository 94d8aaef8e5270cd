import Foundation
import XMLCore

/// Reads an element's children in the order its schema lays them out.
struct ChildReader {
    let parent: XMLElement
    private let children: [XMLElement]
    private var index = 0

    init(_ parent: XMLElement) {
        self.parent = parent
        children = parent.children
    }

    /// The next child, not consumed.
    var peek: XMLElement? { index < children.count ? children[index] : nil }

    /// Consumes the next child when it has the given name.
    mutating func optional(_ localName: String, _ namespace: String) -> XMLElement? {
        guard let next = peek, next.is(localName, namespace) else { return nil }
        index += 1
        return next
    }

    /// Consumes the next child, which must have the given name.
    mutating func required(_ localName: String, _ namespace: String) throws -> XMLElement {
        guard let element = optional(localName, namespace) else {
            throw SAMLError(.malformed, "\(parent.localName) lacks \(localName) where the schema requires it")
        }
        return element
    }

    /// Consumes every consecutive child with the given name.
    mutating func all(_ localName: String, _ namespace: String) -> [XMLElement] {
        var found: [XMLElement] = []
        while let element = optional(localName, namespace) { found.append(element) }
        return found
    }

    /// Consumes the next child whatever it is.
    mutating func next() -> XMLElement? {
        defer { if index < children.count { index += 1 } }
        return peek
    }

    /// Throws when children are left that the schema does not allow here.
    func finish() throws {
        if let extra = peek {
            throw SAMLError(.malformed, "unexpected \(extra.localName) in \(parent.localName)")
        }
    }
}

extension XMLElement {
    /// An attribute the schema requires.
    func requiredAttribute(_ name: String) throws -> String {
        guard let value = attribute(name) else {
            throw SAMLError(.malformed, "\(localName) lacks the \(name) attribute")
        }
        return value
    }

    /// An optional `xs:dateTime` attribute.
    func dateAttribute(_ name: String) throws -> Date? {
        try attribute(name).map { try SAMLTime.parse($0, attribute: name) }
    }

    /// A required `xs:dateTime` attribute.
    func requiredDateAttribute(_ name: String) throws -> Date {
        try SAMLTime.parse(try requiredAttribute(name), attribute: name)
    }

    /// The `NotBefore` / `NotOnOrAfter` window of a `<Conditions>` element (SAML 2.0 core
    /// §2.5.1, SAML 1.1 core §2.3.2.1); refuses a NotBefore at or after NotOnOrAfter.
    func conditionsWindow() throws -> (notBefore: Date?, notOnOrAfter: Date?) {
        let notBefore = try dateAttribute("NotBefore")
        let notOnOrAfter = try dateAttribute("NotOnOrAfter")
        if let notBefore, let notOnOrAfter, notBefore >= notOnOrAfter {
            throw SAMLError(.malformed, "Conditions NotBefore is not before NotOnOrAfter")
        }
        return (notBefore, notOnOrAfter)
    }

    /// Adds a `<Conditions>` element in `namespace` as the last child, with its window.
    func addConditions(_ namespace: String, prefix: String, notBefore: Date?, notOnOrAfter: Date?) -> XMLElement {
        let element = addChild("Conditions", namespace, prefix: prefix)
        element.setAttribute("NotBefore", ifPresent: notBefore)
        element.setAttribute("NotOnOrAfter", ifPresent: notOnOrAfter)
        return element
    }

    /// The `xsi:type` of the element, resolved against the namespaces in scope.
    func xsiType() throws -> QName? {
        guard let value = attribute("type", SAMLNamespace.xsi) else { return nil }
        do {
            return try resolveQName(value)
        } catch {
            throw SAMLError(.malformed, "the xsi:type of \(localName) uses an undeclared prefix")
        }
    }

    /// Refuses element children where only text is allowed.
    func simpleText() throws -> String {
        guard children.isEmpty else {
            throw SAMLError(.malformed, "\(localName) must hold text only")
        }
        return text
    }

    /// Sets an attribute when `value` is present.
    func setAttribute(_ name: String, ifPresent value: String?) {
        if let value { setAttribute(name, value: value) }
    }

    /// Sets an `xs:dateTime` attribute when `value` is present.
    func setAttribute(_ name: String, ifPresent value: Date?) {
        if let value { setAttribute(name, value: SAMLTime.format(value)) }
    }

    /// Declares on this element the bindings of the prefixes that `xsi:type` values in its
    /// subtree rely on, so that its serialization can be parsed on its own (XML-Enc plaintext,
    /// bytes forwarded verbatim). Element and attribute namespaces need no help: copying an
    /// element into a document declares those on the copy.
    func declareQNameContentNamespaces() {
        var prefixes = Set<String>()
        for element in descendantsAndSelf {
            if let type = element.attribute("type", SAMLNamespace.xsi), let colon = type.firstIndex(of: ":") {
                prefixes.insert(String(type[..<colon]).trimmingXMLWhitespace())
            }
        }
        for prefix in prefixes.sorted() {
            if let uri = namespaceURI(forPrefix: prefix) {
                declareNamespace(prefix: prefix, uri: uri)
            }
        }
    }
}

/// Base64 as XML-DSig writes it (no line breaks).
func base64(_ bytes: [UInt8]) -> String {
    Data(bytes).base64EncodedString()
}
