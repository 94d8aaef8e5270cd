public import SOAP
public import WSSecurity
public import WSTrust
public import X509
public import XMLCore

/// The symmetric proof key that goes with an issued token (WS-Trust 1.3 §4.4.3), and how the
/// client learnt it. Its description never shows the key.
public struct ProofKey: Sendable, CustomStringConvertible {
    public enum Source: Sendable, Hashable {
        /// The STS sent the key as a `wst:BinarySecret`.
        case issuer
        /// Computed with P_SHA1 from the client's and the STS's entropy (WS-Trust 1.3 §4.4.4).
        case computed
        /// The STS sent no entropy and no key: the client's entropy is the key.
        case requestorEntropy
        /// The STS encrypted the key for the client's certificate (`xenc:EncryptedKey`).
        case decrypted
    }

    public let bytes: [UInt8]
    public let source: Source

    public init(bytes: [UInt8], source: Source) {
        self.bytes = bytes
        self.source = source
    }

    public var description: String { "\(bytes.count * 8)-bit proof key (\(source))" }
}

/// An STS's answer to one request, checked: a SOAP envelope carrying one RSTR of the request's
/// WS-Trust version, replying to the request, signed by the configured STS certificate when
/// one is configured.
public struct STSResponse {
    /// The response envelope as received (after signature processing).
    public let envelope: SOAPEnvelope
    /// The one `wst:RequestSecurityTokenResponse` (taken out of its collection in WS-Trust 1.3).
    public let response: RequestSecurityTokenResponse
    /// The proof key, when a symmetric key was issued.
    public let proofKey: ProofKey?
    /// The STS certificate whose signature over the Body and Timestamp was verified; nil when
    /// the client was not configured to verify responses.
    public let verifiedSigner: Certificate?
    /// The response's WS-Addressing headers, when it has any.
    public let addressing: AddressingHeaders?

    /// The issued token element (`wst:RequestedSecurityToken`'s content).
    public var issuedToken: XMLElement? { response.requestedSecurityToken }

    /// The issued token as a document of its own: its bytes, with every namespace it uses
    /// declared, ready to be forwarded (the forwarded request of the token-transformation scenario)
    /// or written to a file.
    public var issuedTokenBytes: [UInt8]? {
        guard let token = issuedToken else { return nil }
        let holder = XMLDocument(rootLocalName: "Holder", namespace: nil)
        return holder.serialize(holder.root.addCopy(of: token))
    }

    /// The issued token, when it is a `wsse:UsernameToken` (an identity assertion, checked by
    /// ``IssuedUsernameTokenCheck`` when the response was read).
    public var issuedUsernameToken: UsernameToken? {
        guard let token = issuedToken, token.is("UsernameToken", WSSNamespace.secext) else { return nil }
        return try? UsernameToken(element: token)
    }

    /// The issued token's identifier: SAML 2.0 `ID`, SAML 1.1 `AssertionID` or `wsu:Id`; else
    /// the KeyIdentifier of the attached reference.
    public var issuedTokenID: String? {
        if let token = issuedToken, let id = token.attribute("ID") ?? token.attribute("AssertionID") ?? token.attribute("Id", WSSNamespace.utility) {
            return id
        }
        guard let reference = response.requestedAttachedReference ?? response.requestedUnattachedReference,
            let keyIdentifier = reference.firstChild("KeyIdentifier", WSSNamespace.secext)
        else { return nil }
        return keyIdentifier.trimmedText
    }
}
