public import XMLCore

/// `wsp:AppliesTo` with a WS-Addressing EndpointReference: the relying party the token is for
/// (WS-Trust 1.3 §4.4.1).
public struct AppliesTo: Hashable, Sendable {
    /// WS-Policy 2004/09, used by WS-Trust 1.3 and 2005/02 clients.
    public static let wsp200409 = "http://schemas.xmlsoap.org/ws/2004/09/policy"
    /// WS-Policy 1.5, used by some WS-Trust 1.4 clients.
    public static let wsp15 = "http://www.w3.org/ns/ws-policy"
    static let addressingNamespaces = ["http://www.w3.org/2005/08/addressing", "http://schemas.xmlsoap.org/ws/2004/08/addressing"]

    /// The endpoint address, trimmed.
    public var address: String
    /// The WS-Policy namespace it was written in (answers use the same).
    public var policyNamespace: String

    public init(address: String, policyNamespace: String = AppliesTo.wsp200409) {
        self.address = address
        self.policyNamespace = policyNamespace
    }

    /// Reads `wsp:AppliesTo/wsa:EndpointReference/wsa:Address` (either addressing namespace).
    public init(element: XMLElement) throws {
        guard let namespace = element.namespaceURI else {
            throw WSTrustError(.invalidRequest, "AppliesTo is not in a WS-Policy namespace")
        }
        for addressing in Self.addressingNamespaces {
            if let address = element.firstChild("EndpointReference", addressing)?.firstChild("Address", addressing) {
                let text = address.trimmedText
                guard !text.isEmpty, text.count <= 2048 else { break }
                self.init(address: text, policyNamespace: namespace)
                return
            }
        }
        throw WSTrustError(.invalidRequest, "AppliesTo must hold an EndpointReference with an Address")
    }

    /// Appends `wsp:AppliesTo` to `parent`.
    @discardableResult
    public func write(into parent: XMLElement) -> XMLElement {
        let element = parent.addChild("AppliesTo", policyNamespace, prefix: "wsp")
        let wsa = Self.addressingNamespaces[0]
        element.addChild("EndpointReference", wsa, prefix: "wsa").addChild("Address", wsa, prefix: "wsa").setText(address)
        return element
    }

    /// Whether `element` is an AppliesTo.
    static func matches(_ element: XMLElement) -> Bool {
        element.localName == "AppliesTo" && (element.namespaceURI == wsp200409 || element.namespaceURI == wsp15)
    }
}
