public import XMLCore

/// A WS-Addressing endpoint reference, reduced to what Tessera routes on: its address
/// (WS-Addressing 1.0 Core §2). Reference parameters and metadata are not kept.
public struct EndpointReference: Hashable, Sendable {
    /// The `Address` IRI.
    public var address: String

    public init(address: String) {
        self.address = address
    }

    /// Reads an endpoint reference element (`ReplyTo`, `FaultTo`, `EndpointReference`…) whose
    /// `Address` is in the namespace of `version`.
    ///
    /// - Throws: ``SOAPError/Code/invalidAddressingHeader`` when it has no `Address`, an empty
    ///   one, or two.
    public init(element: XMLElement, version: WSAddressingVersion) throws(SOAPError) {
        let addresses = element.children("Address", version.namespace)
        guard addresses.count == 1, let address = addresses.first?.trimmedText, !address.isEmpty else {
            throw SOAPError(.invalidAddressingHeader, "\(element.name) needs exactly one non-empty Address")
        }
        self.address = address
    }

    /// Writes the reference as a child of `parent` named `localName` in `version`'s namespace.
    @discardableResult
    public func write(into parent: XMLElement, as localName: String, version: WSAddressingVersion) -> XMLElement {
        let element = parent.addChild(localName, version.namespace, prefix: "wsa")
        element.addChild("Address", version.namespace, prefix: "wsa").setText(address)
        return element
    }
}
