import Foundation
public import XMLCore

/// `wst:BinarySecret` (WS-Trust 1.3 §3.3): key material or entropy, Base64.
public struct BinarySecret: Hashable, Sendable {
    public var value: [UInt8]
    /// The Type URI (Nonce, SymmetricKey, AsymmetricKey), nil when absent.
    public var type: String?

    public init(value: [UInt8], type: String?) {
        self.value = value
        self.type = type
    }

    /// Largest accepted secret: entropy and keys are a few dozen bytes; anything huge is refused.
    public static let maximumBytes = 512

    public init(element: XMLElement) throws {
        var text = element.text
        text.removeAll { $0.isWhitespace }
        guard let data = Data(base64Encoded: text), !data.isEmpty, data.count <= Self.maximumBytes else {
            throw WSTrustError(.invalidRequest, "BinarySecret must be Base64 of 1 to \(Self.maximumBytes) bytes")
        }
        value = [UInt8](data)
        type = element.attribute("Type")
    }

    @discardableResult
    public func write(into parent: XMLElement, namespace: String) -> XMLElement {
        let element = parent.addChild("BinarySecret", namespace, prefix: "wst")
        if let type { element.setAttribute("Type", value: type) }
        element.setText(Data(value).base64EncodedString())
        return element
    }
}

/// `wst:Entropy` (WS-Trust 1.3 §4.4.3): a BinarySecret in the clear, or an `xenc:EncryptedKey` /
/// `xenc:EncryptedData` carrying one encrypted for the other party.
public enum Entropy {
    case binarySecret(BinarySecret)
    case encrypted(XMLElement)

    public init(element: XMLElement, version: WSTrustVersion) throws {
        guard let child = element.children.first, element.children.count == 1 else {
            throw WSTrustError(.invalidRequest, "Entropy must hold exactly one element")
        }
        if child.is("BinarySecret", version.namespace) {
            self = .binarySecret(try BinarySecret(element: child))
        } else if child.namespaceURI == "http://www.w3.org/2001/04/xmlenc#" {
            self = .encrypted(child)
        } else {
            throw WSTrustError(.invalidRequest, "unsupported Entropy content \(child.name)")
        }
    }

    /// Appends `wst:Entropy` holding this entropy to `parent`.
    @discardableResult
    public func write(into parent: XMLElement, namespace: String) -> XMLElement {
        let element = parent.addChild("Entropy", namespace, prefix: "wst")
        switch self {
        case .binarySecret(let secret): secret.write(into: element, namespace: namespace)
        case .encrypted(let encrypted): element.addCopy(of: encrypted)
        }
        return element
    }
}
