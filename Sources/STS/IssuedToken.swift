public import WSTrust
public import XMLCore

/// A token the STS issued: its element (the root of a document of its own, declaring its own
/// namespaces so its bytes can be forwarded verbatim), its identifier and what it was issued as.
public struct IssuedToken {
    /// The token as the issuer made it: an element in a tree, or the bytes of one (a SAML 2.0
    /// assertion written and signed in its canonical form by `SAMLAssertionSigner.signedVerbatim`),
    /// parsed the first time ``element`` is asked for.
    enum Form {
        case element(XMLElement)
        case verbatim(VerbatimElement, ParsedOnDemand)
    }

    /// The element of a token held as bytes, parsed once when first needed.
    final class ParsedOnDemand {
        private let verbatim: VerbatimElement
        private(set) lazy var element: XMLElement = verbatim.parsedElement

        init(_ verbatim: VerbatimElement) {
            self.verbatim = verbatim
        }
    }

    let form: Form
    /// SAML 2.0 `ID`, SAML 1.1 `AssertionID`, JWT `jti` or UsernameToken `wsu:Id`: the key of
    /// the token store's record.
    public let id: String
    /// The type issued, as its profile names it (``TokenType/canonical``).
    public let tokenType: TokenType
    public let lifetime: Lifetime

    init(element: XMLElement, id: String, tokenType: TokenType, lifetime: Lifetime) {
        form = .element(element)
        self.id = id
        self.tokenType = tokenType
        self.lifetime = lifetime
    }

    init(verbatim: VerbatimElement, id: String, tokenType: TokenType, lifetime: Lifetime) {
        form = .verbatim(verbatim, ParsedOnDemand(verbatim))
        self.id = id
        self.tokenType = tokenType
        self.lifetime = lifetime
    }

    /// The signed `saml2:Assertion` or `saml:Assertion`, a `saml2:EncryptedAssertion`, the
    /// element carrying a JWT (``JWTEncapsulation``), or a `wsse:UsernameToken`; a token issued
    /// as bytes is parsed from them when first asked for.
    public var element: XMLElement {
        switch form {
        case .element(let element): element
        case .verbatim(_, let parsed): parsed.element
        }
    }
}
