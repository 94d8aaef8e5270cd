import Foundation
public import XMLCore

/// `wst:RequestSecurityTokenResponse` (WS-Trust 1.3 §3.2, §4.4), shaped as the STS's answer
/// in the token-transformation scenario: TokenType, RequestedSecurityToken, attached/unattached
/// references, AppliesTo, Lifetime, proof token and entropy, or a Validate Status.
public struct RequestSecurityTokenResponse {
    /// How the requestor learns the proof key (WS-Trust 1.3 §4.4.3).
    public enum ProofToken {
        case binarySecret(BinarySecret)
        /// The key is computed from both entropies with this algorithm (P_SHA1).
        case computedKey(String)
        /// An `xenc:EncryptedKey` holding the key.
        case encryptedKey(XMLElement)
    }

    /// A Validate result (WS-Trust 1.3 §7).
    public struct Status: Hashable, Sendable {
        public var valid: Bool
        public var reason: String?

        public init(valid: Bool, reason: String? = nil) {
            self.valid = valid
            self.reason = reason
        }
    }

    public var version: WSTrustVersion
    public var context: String?
    public var tokenType: TokenType?
    public var requestedSecurityToken: XMLElement?
    public var requestedAttachedReference: XMLElement?
    public var requestedUnattachedReference: XMLElement?
    /// The requested token and its references as bytes their issuer wrote (a signed SAML
    /// assertion, its SecurityTokenReferences), written instead of ``requestedSecurityToken``,
    /// ``requestedAttachedReference`` and ``requestedUnattachedReference``
    /// (``XMLElement/addVerbatimOrCopy(_:)``); reading a response sets those.
    public var requestedVerbatimToken: VerbatimElement?
    public var requestedVerbatimAttachedReference: VerbatimElement?
    public var requestedVerbatimUnattachedReference: VerbatimElement?
    public var requestedProofToken: ProofToken?
    /// The issuer's entropy (WS-Trust 1.3 §4.4.3), in the clear or encrypted for the requestor.
    public var entropy: Entropy?
    public var appliesTo: AppliesTo?
    public var lifetime: Lifetime?
    public var keySize: Int?
    public var keyType: KeyType?
    public var status: Status?
    public var requestedTokenCancelled = false

    public init(version: WSTrustVersion) {
        self.version = version
    }

    public init(element: XMLElement) throws {
        guard element.localName == "RequestSecurityTokenResponse", let version = WSTrustVersion(namespace: element.namespaceURI) else {
            throw WSTrustError(.invalidRequest, "expected a WS-Trust RequestSecurityTokenResponse")
        }
        self.version = version
        let wst = version.namespace
        context = element.attribute("Context")
        for child in element.children {
            if AppliesTo.matches(child) { appliesTo = try AppliesTo(element: child); continue }
            guard child.namespaceURI == wst else { continue }
            switch child.localName {
            case "TokenType": tokenType = TokenType(rawValue: child.trimmedText)
            case "RequestedSecurityToken": requestedSecurityToken = child.children.first
            case "RequestedAttachedReference": requestedAttachedReference = child.children.first
            case "RequestedUnattachedReference": requestedUnattachedReference = child.children.first
            case "RequestedProofToken":
                guard let proof = child.children.first else { throw WSTrustError(.invalidRequest, "empty RequestedProofToken") }
                if proof.is("BinarySecret", wst) {
                    requestedProofToken = .binarySecret(try BinarySecret(element: proof))
                } else if proof.is("ComputedKey", wst) {
                    requestedProofToken = .computedKey(proof.trimmedText)
                } else {
                    requestedProofToken = .encryptedKey(proof)
                }
            case "Entropy": entropy = try Entropy(element: child, version: version)
            case "Lifetime": lifetime = try Lifetime(element: child)
            case "KeySize": keySize = Int(child.trimmedText)
            case "KeyType": keyType = KeyType(uri: child.trimmedText)
            case "Status":
                let code = child.firstChild("Code", wst)?.trimmedText
                status = Status(valid: code == version.validStatusCode, reason: child.firstChild("Reason", wst)?.trimmedText)
            case "RequestedTokenCancelled": requestedTokenCancelled = true
            default: continue
            }
        }
    }

    /// Writes the RSTR as the last child of `parent`.
    @discardableResult
    public func write(into parent: XMLElement) -> XMLElement {
        let wst = version.namespace
        let rstr = parent.addChild("RequestSecurityTokenResponse", wst, prefix: "wst")
        if let context { rstr.setAttribute("Context", value: context) }
        if let tokenType { rstr.addChild("TokenType", wst, prefix: "wst").setText(tokenType.rawValue) }
        Self.writeRequested("RequestedSecurityToken", requestedVerbatimToken, requestedSecurityToken, into: rstr)
        Self.writeRequested("RequestedAttachedReference", requestedVerbatimAttachedReference, requestedAttachedReference, into: rstr)
        Self.writeRequested("RequestedUnattachedReference", requestedVerbatimUnattachedReference, requestedUnattachedReference, into: rstr)
        if let requestedProofToken {
            let proof = rstr.addChild("RequestedProofToken", wst, prefix: "wst")
            switch requestedProofToken {
            case .binarySecret(let secret): secret.write(into: proof, namespace: wst)
            case .computedKey(let algorithm): proof.addChild("ComputedKey", wst, prefix: "wst").setText(algorithm)
            case .encryptedKey(let element): proof.addCopy(of: element)
            }
        }
        entropy?.write(into: rstr, namespace: wst)
        appliesTo?.write(into: rstr)
        lifetime?.write(into: rstr, namespace: wst)
        if let keySize { rstr.addChild("KeySize", wst, prefix: "wst").setText(String(keySize)) }
        if let keyType { rstr.addChild("KeyType", wst, prefix: "wst").setText(keyType.uri(version)) }
        if let status {
            let element = rstr.addChild("Status", wst, prefix: "wst")
            element.addChild("Code", wst, prefix: "wst").setText(status.valid ? version.validStatusCode : version.invalidStatusCode)
            if let reason = status.reason { element.addChild("Reason", wst, prefix: "wst").setText(reason) }
        }
        if requestedTokenCancelled { rstr.addChild("RequestedTokenCancelled", wst, prefix: "wst") }
        return rstr
    }

    /// `wst:<localName>` holding `verbatim`, or else a copy of `element`; nothing when neither.
    private static func writeRequested(_ localName: String, _ verbatim: VerbatimElement?, _ element: XMLElement?, into rstr: XMLElement) {
        guard verbatim != nil || element != nil else { return }
        let holder = rstr.addChild(localName, rstr.namespaceURI, prefix: "wst")
        if let verbatim {
            holder.addVerbatimOrCopy(verbatim)
        } else if let element {
            holder.addCopy(of: element)
        }
    }
}

/// `wst:RequestSecurityTokenResponseCollection` (WS-Trust 1.3 §3.2): the final Issue response.
public struct RequestSecurityTokenResponseCollection {
    public var responses: [RequestSecurityTokenResponse]

    public init(responses: [RequestSecurityTokenResponse]) {
        self.responses = responses
    }

    public init(element: XMLElement) throws {
        guard element.localName == "RequestSecurityTokenResponseCollection", let version = WSTrustVersion(namespace: element.namespaceURI) else {
            throw WSTrustError(.invalidRequest, "expected a RequestSecurityTokenResponseCollection")
        }
        responses = try element.children("RequestSecurityTokenResponse", version.namespace).map(RequestSecurityTokenResponse.init(element:))
    }

    @discardableResult
    public func write(into parent: XMLElement, version: WSTrustVersion) -> XMLElement {
        let collection = parent.addChild("RequestSecurityTokenResponseCollection", version.namespace, prefix: "wst")
        for response in responses { response.write(into: collection) }
        return collection
    }
}
