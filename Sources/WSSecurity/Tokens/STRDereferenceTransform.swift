import SOAP
public import XMLCore
public import XMLSecurity

/// The STR Dereference Transform (WSS 1.1 SOAP Message Security §8.3): a `ds:Reference` selects
/// a `wsse:SecurityTokenReference` by its `wsu:Id`, and its digest covers the security token
/// that reference names, canonicalized with the exclusive C14N its
/// `wsse:TransformationParameters` give. How a sender-vouches attesting entity signs a SAML
/// assertion it cannot give an Id (SAML Token Profile 1.1 §3.5.1; WSS4J's `WSSecSignatureSAML`).
///
/// Dereferencing is held to the signature's own `wsse:Security` header, as secure validation
/// holds references to the message: the SecurityTokenReference must be a child of the header
/// the signature is a child of, and it is dereferenced exactly once, to a token that is a child
/// of that same header — a SAML 2.0 assertion by a `#SAMLID` KeyIdentifier, a SAML 1.1 one by a
/// `#SAMLAssertionID` KeyIdentifier, or a SAML assertion or BinarySecurityToken by a
/// `wsse:Reference` to its ID. Never to a token elsewhere in the message (another header, the
/// Body), never through a second SecurityTokenReference, never to an ID two tokens share. Every
/// refusal is a ``WSSecurityError``.
///
/// The digest input is the token's Exclusive C14N with `#default` in the InclusiveNamespaces,
/// its apex element carrying a default namespace declaration (`xmlns=""` when none is in
/// scope): the form §8.3's canonicalization step gives and WSS4J's `STRTransform` computes.
public struct STRDereferenceTransform: DereferencingTransform {
    /// The transform's Algorithm URI (WSS 1.1 §8.3).
    public static let algorithmURI = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#STR-Transform"
    private static let exclusiveC14N = "http://www.w3.org/2001/10/xml-exc-c14n#"

    public var algorithm: String { Self.algorithmURI }

    public init() {}

    /// `wsse:TransformationParameters` with exclusive C14N as its CanonicalizationMethod.
    public func writeParameters(into transform: XMLElement) {
        transform.addChild("TransformationParameters", WSSNamespace.secext, prefix: "wsse")
            .addChild("CanonicalizationMethod", XMLSecurityNamespace.ds, prefix: "ds")
            .setAttribute("Algorithm", value: Self.exclusiveC14N)
    }

    /// The same parameters in canonical form.
    public func writeParameters(to writer: inout CanonicalXMLWriter) throws {
        writer.startElement("TransformationParameters", .wsse)
        writer.startElement("CanonicalizationMethod", .ds)
        try writer.attribute("Algorithm", Self.exclusiveC14N)
        writer.endElement()
        writer.endElement()
    }

    public func dereference(_ referenced: XMLElement, transform: XMLElement, signature: XMLElement, index: IDIndex) throws -> DereferencedContent {
        try Self.checkParameters(of: transform)
        guard let header = signature.parent, header.is("Security", WSSNamespace.secext) else {
            throw WSSecurityError(.invalidSecurity, "the STR Dereference Transform is accepted only in a signature in a wsse:Security header")
        }
        guard referenced.is("SecurityTokenReference", WSSNamespace.secext) else {
            throw WSSecurityError(.invalidSecurity, "an STR Dereference Transform must reference a wsse:SecurityTokenReference")
        }
        guard referenced.parent == header else {
            throw WSSecurityError(.invalidSecurity, "the SecurityTokenReference of an STR Dereference Transform must be in the signature's own security header")
        }
        let token = try Self.token(named: try SecurityTokenReference(element: referenced), in: header, index: index)
        return DereferencedContent(element: token, octets: try Self.canonicalForm(of: token))
    }

    /// Exactly one `wsse:TransformationParameters` holding exactly one `ds:CanonicalizationMethod`
    /// of exclusive C14N without comments: without it the digest input is undefined.
    private static func checkParameters(of transform: XMLElement) throws {
        let children = transform.children
        guard children.count == 1, let parameters = children.first, parameters.is("TransformationParameters", WSSNamespace.secext),
            parameters.children.count == 1, let method = parameters.children.first,
            method.is("CanonicalizationMethod", XMLSecurityNamespace.ds), method.children.isEmpty
        else {
            throw WSSecurityError(.invalidSecurity, "the STR Dereference Transform needs wsse:TransformationParameters with one ds:CanonicalizationMethod")
        }
        guard method.attribute("Algorithm") == exclusiveC14N else {
            throw WSSecurityError(.unsupportedAlgorithm, "the STR Dereference Transform is accepted only with exclusive C14N")
        }
    }

    /// The one token of `header` that `reference` names.
    private static func token(named reference: SecurityTokenReference, in header: XMLElement, index: IDIndex) throws -> XMLElement {
        let token: XMLElement
        switch reference.form {
        case .keyIdentifier(let valueType, _, let id) where HeaderSAMLAssertion.isSAMLKeyIdentifier(valueType):
            let version: HeaderSAMLAssertion.Version = valueType == WSSURI.samlV20ID ? .saml20 : .saml11
            let matches = header.children.compactMap { try? HeaderSAMLAssertion(element: $0) }.filter { $0.version == version && $0.id == id }
            guard let match = matches.first else {
                throw WSSecurityError(.securityTokenUnavailable, "the SAML assertion an STR Dereference Transform names is not in the security header")
            }
            guard matches.count == 1, index[id] == match.element else {
                throw WSSecurityError(.invalidSecurity, "the ID an STR Dereference Transform names is not unique")
            }
            token = match.element
        case .reference(let uri, _):
            guard uri.hasPrefix("#"), uri.count > 1 else {
                throw WSSecurityError(.invalidSecurity, "an STR Dereference Transform dereferences only tokens in the message")
            }
            guard let element = index[String(uri.dropFirst())] else {
                throw WSSecurityError(.securityTokenUnavailable, "the token an STR Dereference Transform names is not in the message")
            }
            guard element.parent == header else {
                throw WSSecurityError(.invalidSecurity, "the token an STR Dereference Transform names must be in the signature's own security header")
            }
            guard !element.is("SecurityTokenReference", WSSNamespace.secext) else {
                throw WSSecurityError(.invalidSecurity, "an STR Dereference Transform does not follow one SecurityTokenReference to another")
            }
            guard isToken(element) else {
                throw WSSecurityError(.invalidSecurity, "an STR Dereference Transform must name a security token")
            }
            token = element
        default:
            throw WSSecurityError(
                .unsupportedSecurityToken,
                "an STR Dereference Transform dereferences only a SAML KeyIdentifier or a Reference to a token in the header")
        }
        return token
    }

    /// The tokens a reference may cover: SAML assertions and BinarySecurityTokens.
    private static func isToken(_ element: XMLElement) -> Bool {
        (try? HeaderSAMLAssertion(element: element)) != nil || element.is("BinarySecurityToken", WSSNamespace.secext)
    }

    /// The octets the transform digests for `token`: its Exclusive C14N with `#default`
    /// inclusive, and `xmlns=""` on the apex element when no default namespace declaration was
    /// rendered there. Canonical XML writes namespace declarations first after the element
    /// name, the default one first of all (Canonical XML 1.0 §2.2, §2.3), so that is where it goes.
    public static func canonicalForm(of token: XMLElement) throws -> [UInt8] {
        var octets: [UInt8]
        do {
            octets = try token.document.canonicalize(token, method: .exclusive(withComments: false, inclusivePrefixes: ["#default"]))
        } catch {
            throw WSSecurityError(.invalidSecurity, "the token an STR Dereference Transform names could not be canonicalized")
        }
        guard let nameEnd = octets.firstIndex(where: { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: ">") }) else {
            throw WSSecurityError(.invalidSecurity, "the token an STR Dereference Transform names could not be canonicalized")
        }
        let declaration = Array(" xmlns=\"".utf8)
        if !octets[nameEnd...].starts(with: declaration) {
            octets.insert(contentsOf: Array(" xmlns=\"\"".utf8), at: nameEnd)
        }
        return octets
    }
}
