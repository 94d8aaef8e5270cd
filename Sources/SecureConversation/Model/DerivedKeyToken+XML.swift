import Foundation
import SOAP
import WSSecurity
public import XMLCore

extension DerivedKeyToken {
    /// Reads a `wsc:DerivedKeyToken` of either version, in either form (Offset or Generation).
    ///
    /// Refuses, as `wsse:InvalidSecurityToken`: an Algorithm other than the version's P_SHA1
    /// (`wsse:UnsupportedAlgorithm`), unknown or repeated children, both Offset and Generation,
    /// numbers that are not plain non-negative decimals, a Length outside
    /// ``Limits/minimumLength``…``Limits/maximumLength``,
    /// an offset (Offset, or Generation × Length) beyond ``Limits/maximumOffset``, a Nonce outside
    /// ``Limits/minimumNonceBytes``…``Limits/maximumNonceBytes`` or not Base64, and a Label or
    /// Name longer than its limit. A missing Nonce is the caller's to refuse.
    public init(element: XMLElement) throws {
        self = try Self.read(element).token
    }

    /// ``init(element:)``, also giving the `wsse:SecurityTokenReference` as read (nil when the
    /// token has none): a processor resolves it without reading it again.
    static func read(_ element: XMLElement) throws -> (token: DerivedKeyToken, reference: SecurityTokenReference?) {
        guard let version = SecureConversationVersion.allCases.first(where: { element.is("DerivedKeyToken", $0.namespace) }) else {
            throw WSSecurityError(.invalidSecurityToken, "expected a wsc:DerivedKeyToken")
        }
        let wsc = version.namespace
        var token = DerivedKeyToken(version: version, id: element.attribute("Id", WSSNamespace.utility), reference: nil, length: nil, nonce: nil)
        var readReference: SecurityTokenReference?
        if let algorithm = element.attribute("Algorithm") {
            guard algorithm.trimmingXMLWhitespace() == version.pSHA1Algorithm else {
                throw WSSecurityError(.unsupportedAlgorithm, "the derived key algorithm is not P_SHA1")
            }
            token.algorithm = algorithm.trimmingXMLWhitespace()
        }
        // At most a handful of children, each known one allowed once: told apart by comparing
        // names in place, without copying namespace URIs.
        var seen: UInt8 = 0
        for child in element.children {
            guard let kind = Child(child, wsc: wsc) else {
                throw WSSecurityError(.invalidSecurityToken, "unexpected \(child.localName) in a DerivedKeyToken")
            }
            guard seen & kind.bit == 0 else {
                throw WSSecurityError(.invalidSecurityToken, "the DerivedKeyToken repeats \(child.localName)")
            }
            seen |= kind.bit
            switch kind {
            case .securityTokenReference:
                let reference = try SecurityTokenReference(element: child)
                token.reference = reference.form
                readReference = reference
            case .properties:
                token.properties = try Self.properties(child, wsc)
            case .offset, .generation:
                guard token.position == nil else {
                    throw WSSecurityError(.invalidSecurityToken, "a DerivedKeyToken may give Offset or Generation, not both")
                }
                if kind == .offset {
                    token.position = .offset(try Self.number(child, maximum: Limits.maximumOffset))
                } else {
                    token.position = .generation(try Self.number(child, maximum: Limits.maximumGeneration))
                }
            case .length:
                let length = try Self.number(child, maximum: Limits.maximumLength)
                guard length >= Limits.minimumLength else {
                    throw WSSecurityError(.invalidSecurityToken, "a derived key must be at least \(Limits.minimumLength) bytes long")
                }
                token.length = length
            case .label:
                token.label = try Self.text(child, maximumBytes: Limits.maximumLabelBytes)
            case .nonce:
                token.nonce = try Self.nonce(child)
            }
        }
        guard token.effectiveOffset <= Limits.maximumOffset else {
            throw WSSecurityError(.invalidSecurityToken, "the derived key starts beyond \(Limits.maximumOffset) bytes")
        }
        return (token, readReference)
    }

    /// Appends (or inserts before `sibling`) the token as a `wsc:DerivedKeyToken` with the `wsc`
    /// prefix, children in schema order: SecurityTokenReference, Properties, Offset or
    /// Generation, Length, Label, Nonce.
    @discardableResult
    public func write(into parent: XMLElement, before sibling: XMLElement? = nil) -> XMLElement {
        let wsc = version.namespace
        let element =
            sibling.map { parent.insertChild("DerivedKeyToken", wsc, prefix: "wsc", before: $0) }
            ?? parent.addChild("DerivedKeyToken", wsc, prefix: "wsc")
        if let id { element.setAttribute("Id", WSSNamespace.utility, prefix: "wsu", value: id) }
        if let algorithm { element.setAttribute("Algorithm", value: algorithm) }
        if let reference { SecurityTokenReference.write(reference, into: element) }
        // The children are in the token's namespace, under its `wsc` binding.
        if let properties {
            let holder = element.addChild("Properties", wsc, prefix: "wsc")
            if let name = properties.name { holder.addTextChild("Name", text: name) }
            if let label = properties.label { holder.addTextChild("Label", text: label) }
            if let nonce = properties.nonce { holder.addTextChild("Nonce", text: XMLBase64.encode(nonce)) }
        }
        switch position {
        case .offset(let offset)?: element.addTextChild("Offset", text: String(offset))
        case .generation(let generation)?: element.addTextChild("Generation", text: String(generation))
        case nil: break
        }
        if let length { element.addTextChild("Length", text: String(length)) }
        if let label { element.addTextChild("Label", text: label) }
        if let nonce { element.addTextChild("Nonce", text: XMLBase64.encode(nonce)) }
        return element
    }

    // MARK: Reading helpers

    /// The children a `wsc:DerivedKeyToken` may have (WS-SC 1.3 §7): `wsse:SecurityTokenReference`
    /// and the rest in the token's own namespace.
    private enum Child: UInt8 {
        case securityTokenReference, properties, offset, generation, length, label, nonce

        init?(_ element: XMLElement, wsc: String) {
            if element.is("SecurityTokenReference", WSSNamespace.secext) {
                self = .securityTokenReference
                return
            }
            guard element.isInNamespace(wsc), let kind = Self.inTokenNamespace.first(where: { element.hasLocalName($0.localName) })?.kind else {
                return nil
            }
            self = kind
        }

        /// The children in the token's namespace by local name, the usual ones first.
        private static let inTokenNamespace: [(localName: String, kind: Child)] = [
            ("Offset", .offset), ("Length", .length), ("Nonce", .nonce), ("Label", .label), ("Generation", .generation), ("Properties", .properties),
        ]

        /// This kind's bit in a set of kinds seen.
        var bit: UInt8 { 1 << rawValue }
    }

    private static func properties(_ element: XMLElement, _ wsc: String) throws -> Properties {
        var properties = Properties()
        var seen = Set<String>()
        for child in element.children {
            guard child.namespaceURI == wsc, seen.insert(child.localName).inserted else {
                throw WSSecurityError(.invalidSecurityToken, "unexpected or repeated \(child.localName) in DerivedKeyToken Properties")
            }
            switch child.localName {
            case "Name": properties.name = try text(child, maximumBytes: Limits.maximumNameBytes)
            case "Label": properties.label = try text(child, maximumBytes: Limits.maximumLabelBytes)
            case "Nonce": properties.nonce = try nonce(child)
            default: throw WSSecurityError(.invalidSecurityToken, "unexpected \(child.localName) in DerivedKeyToken Properties")
            }
        }
        return properties
    }

    /// A plain decimal `0…maximum` (xs:unsignedLong written without sign or exponent).
    private static func number(_ element: XMLElement, maximum: Int) throws -> Int {
        let value = element.withSingleTextContent(decimal) ?? Array(element.text.utf8).withUnsafeBufferPointer(decimal)
        guard let value, value <= maximum else {
            throw WSSecurityError(.invalidSecurityToken, "the DerivedKeyToken \(element.localName) must be a number from 0 to \(maximum)")
        }
        return value
    }

    /// The value of 1 to 10 ASCII digits between XML whitespace; nil for anything else.
    private static func decimal(_ text: UnsafeBufferPointer<UInt8>) -> Int? {
        let isSpace = { (byte: UInt8) in byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        var start = 0, end = text.count
        while start < end, isSpace(text[start]) { start += 1 }
        while end > start, isSpace(text[end - 1]) { end -= 1 }
        guard (1...10).contains(end - start) else { return nil }
        var value = 0
        for byte in text[start..<end] {
            guard (0x30...0x39).contains(byte) else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }

    private static func text(_ element: XMLElement, maximumBytes: Int) throws -> String {
        let text = element.trimmedText
        guard text.utf8.count <= maximumBytes else {
            throw WSSecurityError(.invalidSecurityToken, "the DerivedKeyToken \(element.localName) is longer than \(maximumBytes) bytes")
        }
        return text
    }

    /// The Nonce as xs:base64Binary: Base64 with XML whitespace anywhere, nothing else.
    private static func nonce(_ element: XMLElement) throws -> [UInt8] {
        // Decoding is linear in the text, which the parser's limits already bound.
        guard let bytes = XMLBase64.decode(textOf: element),
            (Limits.minimumNonceBytes...Limits.maximumNonceBytes).contains(bytes.count)
        else {
            throw WSSecurityError(
                .invalidSecurityToken,
                "a DerivedKeyToken Nonce must be Base64 of \(Limits.minimumNonceBytes) to \(Limits.maximumNonceBytes) bytes")
        }
        return bytes
    }
}
