import SOAP
import SecurityCore
public import XMLCore

extension RequestSecurityTokenResponse {
    /// The final Issue response (``writeFinalIssueResponse(into:)``) written in its exclusive
    /// canonical form, without a tree (``CanonicalXMLWriter``): the RSTR, inside an RSTRC for
    /// WS-Trust 1.3, with the elements ``write(into:)`` builds, in its order, and the token and
    /// references it carries as bytes (``requestedVerbatimToken`` and the verbatim references)
    /// inserted as their canonical forms. A Body signature digests it in place of its placeholder.
    ///
    /// nil when the response holds what only the tree writers build: a token or reference given
    /// as an element, proof material (RequestedProofToken, Entropy), a Validate Status or a
    /// cancellation; or a value holding a character XML does not allow.
    public func writtenFinalIssueResponse() -> VerbatimElement? {
        guard requestedSecurityToken == nil, requestedAttachedReference == nil, requestedUnattachedReference == nil,
            requestedProofToken == nil, entropy == nil, status == nil, !requestedTokenCancelled
        else { return nil }
        let wst = CanonicalXMLWriter.Namespace.wst(version)
        var writer = CanonicalXMLWriter(capacity: 1024)
        do {
            if version == .v13 { writer.startElement("RequestSecurityTokenResponseCollection", wst) }
            writer.startElement("RequestSecurityTokenResponse", wst)
            try writer.attribute("Context", ifPresent: context)
            if let tokenType { try writer.element("TokenType", wst, text: tokenType.rawValue) }
            Self.write("RequestedSecurityToken", requestedVerbatimToken, wst, to: &writer)
            Self.write("RequestedAttachedReference", requestedVerbatimAttachedReference, wst, to: &writer)
            Self.write("RequestedUnattachedReference", requestedVerbatimUnattachedReference, wst, to: &writer)
            if let appliesTo {
                let wsa = CanonicalXMLWriter.Namespace.wsa
                writer.startElement("AppliesTo", .wsp(appliesTo.policyNamespace))
                writer.startElement("EndpointReference", wsa)
                try writer.element("Address", wsa, text: appliesTo.address)
                writer.endElement()
                writer.endElement()
            }
            if let lifetime {
                writer.startElement("Lifetime", wst)
                if let created = lifetime.created { try writer.element("Created", .wsu, text: XSDDateTime.format(created)) }
                if let expires = lifetime.expires { try writer.element("Expires", .wsu, text: XSDDateTime.format(expires)) }
                writer.endElement()
            }
            if let keySize { try writer.element("KeySize", wst, text: String(keySize)) }
            if let keyType { try writer.element("KeyType", wst, text: keyType.uri(version)) }
            writer.endElement()
            if version == .v13 { writer.endElement() }
            return try VerbatimElement(written: writer)
        } catch {
            return nil
        }
    }

    /// `wst:<localName>` holding `verbatim`, when there is one.
    private static func write(_ localName: StaticString, _ verbatim: VerbatimElement?, _ wst: CanonicalXMLWriter.Namespace, to writer: inout CanonicalXMLWriter)
    {
        guard let verbatim else { return }
        writer.startElement(localName, wst)
        writer.insert(verbatim, at: writer.position())
        writer.endElement()
    }
}

extension CanonicalXMLWriter.Namespace {
    private static let wst13 = CanonicalXMLWriter.Namespace(prefix: "wst", uri: WSTrustVersion.v13.namespace)
    private static let wst200502 = CanonicalXMLWriter.Namespace(prefix: "wst", uri: WSTrustVersion.v200502.namespace)
    private static let wsp200409 = CanonicalXMLWriter.Namespace(prefix: "wsp", uri: AppliesTo.wsp200409)
    static let wsa = CanonicalXMLWriter.Namespace(prefix: "wsa", uri: AppliesTo.addressingNamespaces[0])
    static let wsu = CanonicalXMLWriter.Namespace(prefix: "wsu", uri: WSSNamespace.utility)

    /// WS-Trust's namespace in `version`, with the `wst` prefix.
    static func wst(_ version: WSTrustVersion) -> Self {
        switch version {
        case .v13: wst13
        case .v200502: wst200502
        }
    }

    /// The WS-Policy namespace `uri` with the `wsp` prefix.
    static func wsp(_ uri: String) -> Self {
        uri == AppliesTo.wsp200409 ? wsp200409 : CanonicalXMLWriter.Namespace(prefix: "wsp", uri: uri)
    }
}
