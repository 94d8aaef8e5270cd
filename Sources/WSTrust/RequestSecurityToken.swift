import Foundation
public import XMLCore

/// `wst:RequestSecurityToken` (WS-Trust 1.3 §3.1, §4–§7, 1.4 §9), in either version.
///
/// Tokens carried inside OnBehalfOf, ActAs and the Validate/Renew/Cancel targets are kept as
/// elements of the request document: validating them is the STS's job, not the codec's.
public struct RequestSecurityToken {
    public var version: WSTrustVersion
    public var context: String?
    public var requestType: RequestType
    public var tokenType: TokenType?
    public var appliesTo: AppliesTo?
    /// The token inside `wst:OnBehalfOf`.
    public var onBehalfOf: XMLElement?
    /// The token inside `wst14:ActAs`.
    public var actAs: XMLElement?
    public var keyType: KeyType?
    /// Requested key size in bits.
    public var keySize: Int?
    public var entropy: Entropy?
    public var computedKeyAlgorithm: String?
    public var lifetime: Lifetime?
    /// `wst:Claims` (its Dialect attribute and content are the STS's to interpret).
    public var claims: XMLElement?
    /// The content of `wst:UseKey` (a key or a reference to one).
    public var useKey: XMLElement?
    /// The token inside ValidateTarget, RenewTarget or CancelTarget.
    public var target: XMLElement?
    /// `wst:Renewing` Allow / OK, when present.
    public var renewing: (allow: Bool, ok: Bool)?

    public init(version: WSTrustVersion, requestType: RequestType) {
        self.version = version
        self.requestType = requestType
    }

    /// Largest KeySize accepted, in bits.
    public static let maximumKeySize = 4096

    /// Reads an RST. Unknown extension elements are ignored (WS-Trust allows xs:any); a
    /// known element given twice, a missing or foreign RequestType, and malformed values are refused.
    public init(element: XMLElement) throws {
        guard element.localName == "RequestSecurityToken", let version = WSTrustVersion(namespace: element.namespaceURI) else {
            throw WSTrustError(.invalidRequest, "expected a WS-Trust RequestSecurityToken")
        }
        self.version = version
        let wst = version.namespace
        var seen = NamesSeen(known: Self.interpretedChildren)
        var requestType: RequestType?
        context = element.attribute("Context")
        for child in element.children {
            let name = child.localName
            let known = child.namespaceURI == wst || (name == "ActAs" && child.namespaceURI == WSTrustVersion.v14Namespace) || AppliesTo.matches(child)
            guard known else { continue }
            guard seen.insert(name) else {
                throw WSTrustError(.invalidRequest, "\(name) occurs more than once")
            }
            switch name {
            case "RequestType":
                guard let type = RequestType(uri: child.trimmedText, version: version) else {
                    throw WSTrustError(.invalidRequest, "unknown RequestType")
                }
                requestType = type
            case "TokenType": tokenType = TokenType(rawValue: child.trimmedText)
            case "AppliesTo": appliesTo = try AppliesTo(element: child)
            case "OnBehalfOf": onBehalfOf = try Self.singleToken(in: child)
            case "ActAs": actAs = try Self.singleToken(in: child)
            case "KeyType":
                guard let keyType = KeyType(uri: child.trimmedText) else { throw WSTrustError(.invalidRequest, "unknown KeyType") }
                self.keyType = keyType
            case "KeySize":
                guard let bits = Int(child.trimmedText), bits > 0, bits <= Self.maximumKeySize else {
                    throw WSTrustError(.invalidRequest, "KeySize must be 1 to \(Self.maximumKeySize) bits")
                }
                keySize = bits
            case "Entropy": entropy = try Entropy(element: child, version: version)
            case "ComputedKeyAlgorithm": computedKeyAlgorithm = child.trimmedText
            case "Lifetime": lifetime = try Lifetime(element: child)
            case "Claims": claims = child
            case "UseKey": useKey = try Self.singleToken(in: child)
            case "ValidateTarget", "RenewTarget", "CancelTarget":
                guard target == nil else { throw WSTrustError(.invalidRequest, "more than one target") }
                target = try Self.singleToken(in: child)
            case "Renewing":
                renewing = (
                    child.attribute("Allow").map { $0 == "true" || $0 == "1" } ?? true,
                    child.attribute("OK").map { $0 == "true" || $0 == "1" } ?? false
                )
            default:
                continue
            }
        }
        guard let requestType else {
            throw WSTrustError(.invalidRequest, "the request has no RequestType")
        }
        self.requestType = requestType
    }

    /// The children the reader interprets, each allowed once (other children of the trust
    /// namespace are refused when repeated too).
    private static let interpretedChildren = [
        "RequestType", "TokenType", "AppliesTo", "OnBehalfOf", "ActAs", "KeyType", "KeySize", "Entropy", "ComputedKeyAlgorithm",
        "Lifetime", "Claims", "UseKey", "ValidateTarget", "RenewTarget", "CancelTarget", "Renewing",
    ]

    private static func singleToken(in element: XMLElement) throws -> XMLElement {
        let children = element.children
        guard children.count == 1 else {
            throw WSTrustError(.invalidRequest, "\(element.localName) must hold exactly one token")
        }
        return children[0]
    }

    /// Writes the RST as the last child of `parent` (a SOAP Body). Tokens are copied in.
    @discardableResult
    public func write(into parent: XMLElement) -> XMLElement {
        let wst = version.namespace
        let rst = parent.addChild("RequestSecurityToken", wst, prefix: "wst")
        if let context { rst.setAttribute("Context", value: context) }
        rst.addChild("RequestType", wst, prefix: "wst").setText(requestType.uri(version))
        if let tokenType { rst.addChild("TokenType", wst, prefix: "wst").setText(tokenType.rawValue) }
        appliesTo?.write(into: rst)
        if let onBehalfOf { rst.addChild("OnBehalfOf", wst, prefix: "wst").addCopy(of: onBehalfOf) }
        if let actAs { rst.addChild("ActAs", WSTrustVersion.v14Namespace, prefix: "wst14").addCopy(of: actAs) }
        if let keyType { rst.addChild("KeyType", wst, prefix: "wst").setText(keyType.uri(version)) }
        if let keySize { rst.addChild("KeySize", wst, prefix: "wst").setText(String(keySize)) }
        entropy?.write(into: rst, namespace: wst)
        if let computedKeyAlgorithm { rst.addChild("ComputedKeyAlgorithm", wst, prefix: "wst").setText(computedKeyAlgorithm) }
        lifetime?.write(into: rst, namespace: wst)
        if let claims { rst.addCopy(of: claims) }
        if let useKey { rst.addChild("UseKey", wst, prefix: "wst").addCopy(of: useKey) }
        if let target {
            let name =
                switch requestType {
                case .validate: "ValidateTarget"
                case .renew: "RenewTarget"
                default: "CancelTarget"
                }
            rst.addChild(name, wst, prefix: "wst").addCopy(of: target)
        }
        if let renewing {
            let element = rst.addChild("Renewing", wst, prefix: "wst")
            element.setAttribute("Allow", value: renewing.allow ? "true" : "false")
            element.setAttribute("OK", value: renewing.ok ? "true" : "false")
        }
        return rst
    }
}
