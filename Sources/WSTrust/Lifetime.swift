public import Foundation
import SOAP
import SecurityCore
public import XMLCore

/// `wst:Lifetime` (WS-Trust 1.3 §4.4.2): wsu:Created and wsu:Expires, millisecond precision.
public struct Lifetime: Hashable, Sendable {
    public var created: Date?
    public var expires: Date?

    public init(created: Date?, expires: Date?) {
        self.created = created
        self.expires = expires
    }

    public init(element: XMLElement) throws {
        let wsu = WSSNamespace.utility
        func date(_ name: String) throws -> Date? {
            guard let child = element.firstChild(name, wsu) else { return nil }
            guard let date = XSDDateTime.parse(child.text) else {
                throw WSTrustError(.invalidTimeRange, "Lifetime \(name) is not a valid dateTime")
            }
            return date
        }
        created = try date("Created")
        expires = try date("Expires")
        if let created, let expires, expires <= created {
            throw WSTrustError(.invalidTimeRange, "the requested Lifetime expires before it is created")
        }
    }

    @discardableResult
    public func write(into parent: XMLElement, namespace: String) -> XMLElement {
        let element = parent.addChild("Lifetime", namespace, prefix: "wst")
        let wsu = WSSNamespace.utility
        if let created { element.addChild("Created", wsu, prefix: "wsu").setText(XSDDateTime.format(created)) }
        if let expires { element.addChild("Expires", wsu, prefix: "wsu").setText(XSDDateTime.format(expires)) }
        return element
    }
}
