import SecurityCore
import SOAP
public import Foundation
public import XMLCore

/// `wsu:Timestamp` (WSS 1.1 §10): Created and optional Expires.
public struct Timestamp: Sendable, Hashable {
    public var created: Date
    public var expires: Date?

    public init(created: Date, expires: Date?) {
        self.created = created
        self.expires = expires
    }

    /// Reads a Timestamp; exactly one Created is required, at most one Expires after it.
    public init(element: XMLElement) throws {
        let wsu = WSSNamespace.utility
        let children = element.children
        guard let createdElement = children.first, createdElement.is("Created", wsu),
            let created = XSDDateTime.parse(createdElement.text)
        else {
            throw WSSecurityError(.invalidSecurity, "the Timestamp needs one valid Created first")
        }
        self.created = created
        switch children.count {
        case 1:
            expires = nil
        case 2 where children[1].is("Expires", wsu):
            guard let expires = XSDDateTime.parse(children[1].text) else {
                throw WSSecurityError(.invalidSecurity, "the Timestamp's Expires is not a valid dateTime")
            }
            guard expires > created else {
                throw WSSecurityError(.invalidSecurity, "the Timestamp expires before it is created")
            }
            self.expires = expires
        default:
            throw WSSecurityError(.invalidSecurity, "the Timestamp may hold only Created and Expires")
        }
    }

    /// Checks freshness: Created not in the future (beyond `skew`), Expires not passed, and,
    /// when `maxAge` is set, Created no older than it.
    public func checkFreshness(now: Date, skew: TimeInterval, maxAge: TimeInterval?) throws {
        guard created <= now.addingTimeInterval(skew) else {
            throw WSSecurityError(.invalidSecurity, "the Timestamp is created in the future")
        }
        if let expires, expires.addingTimeInterval(skew) < now {
            throw WSSecurityError(.messageExpired, "the message has expired")
        }
        if let maxAge, created.addingTimeInterval(maxAge + skew) < now {
            throw WSSecurityError(.messageExpired, "the message is older than \(Int(maxAge)) seconds")
        }
    }

    /// Appends the Timestamp to `parent` (or before `sibling`) with the given wsu:Id.
    @discardableResult
    public func write(into parent: XMLElement, before sibling: XMLElement? = nil, id: String) -> XMLElement {
        let wsu = WSSNamespace.utility
        let element =
            sibling.map { parent.insertChild("Timestamp", wsu, prefix: "wsu", before: $0) }
            ?? parent.addChild("Timestamp", wsu, prefix: "wsu")
        element.setAttribute("Id", wsu, prefix: "wsu", value: id)
        element.addChild("Created", wsu, prefix: "wsu").setText(XSDDateTime.format(created))
        if let expires {
            element.addChild("Expires", wsu, prefix: "wsu").setText(XSDDateTime.format(expires))
        }
        return element
    }
}
