import Foundation
import SOAP
public import WSSecurity
public import XMLCore

/// `wsc:SecurityContextToken` (WS-SC 1.3 §2, 2005/02 §3): the name of a shared secret. The
/// Identifier (`urn:uuid:…`) is the same for the context's whole life; Instance tells renewed
/// key material apart (WS-SC 1.3 §2: a renewal keeps the Identifier and changes the Instance).
///
/// A stateless service adds a ``cookie``: the context itself (secret, owner, lifetime)
/// encrypted and authenticated under a key only the service holds, carried as WCF carries
/// its own, in a `dnse:Cookie` child (`http://schemas.microsoft.com/ws/2006/05/security`).
/// The content is this library's format (``SecurityContextCookie``), not WCF's.
public struct SecurityContextToken: Hashable, Sendable {
    /// Bounds on incoming tokens.
    public enum Limits {
        /// Longest Identifier and Instance accepted, in UTF-8 bytes.
        public static let maximumIdentifierBytes = 512
        /// Longest cookie accepted, in bytes after Base64 decoding.
        public static let maximumCookieBytes = 4096
    }

    /// The namespace of the `Cookie` extension element (WCF's `dnse` namespace).
    public static let cookieNamespace = "http://schemas.microsoft.com/ws/2006/05/security"

    /// The WS-SC namespace the token is in.
    public var version: SecureConversationVersion
    /// `wsc:Identifier`: an absolute URI naming the context.
    public var identifier: String
    /// `wsc:Instance`, after a renewal or for a cookie context.
    public var instance: String?
    /// The token's `wsu:Id`, for references within one message.
    public var id: String?
    /// The sealed context of a stateless (cookie) context.
    public var cookie: [UInt8]?

    public init(version: SecureConversationVersion, identifier: String, instance: String? = nil, id: String? = nil, cookie: [UInt8]? = nil) {
        self.version = version
        self.identifier = identifier
        self.instance = instance
        self.id = id
        self.cookie = cookie
    }

    /// A fresh `urn:uuid:` identifier (random, version 4).
    public static func newIdentifier() -> String {
        RandomIdentifier.uuidURN()
    }

    /// Reads a SecurityContextToken of either version. Refuses, as `wsse:InvalidSecurityToken`, a
    /// missing, repeated, empty or over-long Identifier or Instance, an Identifier that is not
    /// an absolute URI, a repeated or malformed Cookie, and unknown children in the `wsc`
    /// namespace. Extension elements of other namespaces are ignored (the schema allows them).
    public init(element: XMLElement) throws {
        guard element.localName == "SecurityContextToken", let version = SecureConversationVersion(namespace: element.namespaceURI) else {
            throw WSSecurityError(.invalidSecurityToken, "expected a wsc:SecurityContextToken")
        }
        var identifier: String?
        var instance: String?
        var cookie: [UInt8]?
        for child in element.children {
            switch (child.namespaceURI, child.localName) {
            case (version.namespace, "Identifier"):
                guard identifier == nil else { throw WSSecurityError(.invalidSecurityToken, "the SecurityContextToken repeats Identifier") }
                identifier = try Self.uri(child)
            case (version.namespace, "Instance"):
                guard instance == nil else { throw WSSecurityError(.invalidSecurityToken, "the SecurityContextToken repeats Instance") }
                instance = try Self.text(child)
            case (Self.cookieNamespace, "Cookie"):
                guard cookie == nil else { throw WSSecurityError(.invalidSecurityToken, "the SecurityContextToken repeats Cookie") }
                var text = child.text
                text.removeAll { $0.isWhitespace }
                guard text.utf8.count <= (Limits.maximumCookieBytes + 2) / 3 * 4, let data = Data(base64Encoded: text), !data.isEmpty else {
                    throw WSSecurityError(.invalidSecurityToken, "the SecurityContextToken cookie is not valid")
                }
                cookie = [UInt8](data)
            case (version.namespace, let name):
                throw WSSecurityError(.invalidSecurityToken, "unexpected \(name) in a SecurityContextToken")
            default:
                continue
            }
        }
        guard let identifier else { throw WSSecurityError(.invalidSecurityToken, "the SecurityContextToken has no Identifier") }
        self.init(
            version: version, identifier: identifier, instance: instance,
            id: element.attribute("Id", WSSNamespace.utility), cookie: cookie)
    }

    /// Appends (or inserts before `sibling`) the token with the `wsc` prefix.
    @discardableResult
    public func write(into parent: XMLElement, before sibling: XMLElement? = nil) -> XMLElement {
        let wsc = version.namespace
        let element =
            sibling.map { parent.insertChild("SecurityContextToken", wsc, prefix: "wsc", before: $0) }
            ?? parent.addChild("SecurityContextToken", wsc, prefix: "wsc")
        if let id { element.setAttribute("Id", WSSNamespace.utility, prefix: "wsu", value: id) }
        element.addChild("Identifier", wsc, prefix: "wsc").setText(identifier)
        if let instance { element.addChild("Instance", wsc, prefix: "wsc").setText(instance) }
        if let cookie {
            element.addChild("Cookie", Self.cookieNamespace, prefix: "dnse").setText(Data(cookie).base64EncodedString())
        }
        return element
    }

    /// The reference to this token when it is in the message: `#wsu:Id` (WS-SC 1.3 §8).
    public var attachedReference: SecurityTokenReference.Form? {
        id.map { .reference(uri: "#" + $0, valueType: version.tokenTypeURI) }
    }

    /// The reference to this token from outside the message: its Identifier as is, without `#`
    /// (WS-SC 1.3 §8), the form the Java and .NET stacks send.
    public var unattachedReference: SecurityTokenReference.Form {
        .reference(uri: identifier, valueType: version.tokenTypeURI)
    }

    private static func text(_ element: XMLElement) throws -> String {
        let text = element.trimmedText
        guard !text.isEmpty, text.utf8.count <= Limits.maximumIdentifierBytes else {
            throw WSSecurityError(.invalidSecurityToken, "a SecurityContextToken \(element.localName) must be 1 to \(Limits.maximumIdentifierBytes) bytes")
        }
        return text
    }

    private static func uri(_ element: XMLElement) throws -> String {
        let text = try text(element)
        guard let colon = text.firstIndex(of: ":"), colon != text.startIndex, !text.contains(where: \.isWhitespace),
            text[..<colon].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) })
        else {
            throw WSSecurityError(.invalidSecurityToken, "a SecurityContextToken Identifier must be an absolute URI")
        }
        return text
    }
}
