public import Foundation
public import XMLCore

extension SAML2 {
    /// `<AuthnStatement>` (§2.7.2): the subject was authenticated at a time, by some means.
    /// A `<SubjectLocality>` is accepted when reading but not kept.
    public struct AuthnStatement: Hashable, Sendable {
        public var authnInstant: Date
        /// The session at the issuer this statement belongs to.
        public var sessionIndex: String?
        /// When the issuer's session ends.
        public var sessionNotOnOrAfter: Date?
        public var authnContext: AuthnContext

        public init(authnInstant: Date, sessionIndex: String? = nil, sessionNotOnOrAfter: Date? = nil, authnContext: AuthnContext) {
            self.authnInstant = authnInstant
            self.sessionIndex = sessionIndex
            self.sessionNotOnOrAfter = sessionNotOnOrAfter
            self.authnContext = authnContext
        }

        /// Reads the element; throws ``SAMLError`` when it is not shaped as its schema requires.
        public init(element: XMLElement) throws {
            authnInstant = try element.requiredDateAttribute("AuthnInstant")
            sessionIndex = element.attribute("SessionIndex")
            sessionNotOnOrAfter = try element.dateAttribute("SessionNotOnOrAfter")
            var reader = ChildReader(element)
            _ = reader.optional("SubjectLocality", SAML2.namespace)
            authnContext = try AuthnContext(element: try reader.required("AuthnContext", SAML2.namespace))
            try reader.finish()
        }

        /// Writes the element as the last child of `parent`.
        @discardableResult
        public func write(into parent: XMLElement) -> XMLElement {
            let element = parent.addChild("AuthnStatement", SAML2.namespace, prefix: SAML2.prefix)
            element.setAttribute("AuthnInstant", value: SAMLTime.format(authnInstant))
            element.setAttribute("SessionIndex", ifPresent: sessionIndex)
            element.setAttribute("SessionNotOnOrAfter", ifPresent: sessionNotOnOrAfter)
            authnContext.write(into: element)
            return element
        }
    }

    /// `<AuthnContext>` (§2.7.2.2): how the subject authenticated, by class and/or declaration
    /// reference. Inline `<AuthnContextDecl>` is refused when reading.
    public struct AuthnContext: Hashable, Sendable {
        public var classRef: AuthnContextClass?
        /// `<AuthnContextDeclRef>`: a URI naming a declaration.
        public var declarationRef: String?
        /// `<AuthenticatingAuthority>`s that took part besides the issuer.
        public var authenticatingAuthorities: [String]

        public init(classRef: AuthnContextClass?, declarationRef: String? = nil, authenticatingAuthorities: [String] = []) {
            self.classRef = classRef
            self.declarationRef = declarationRef
            self.authenticatingAuthorities = authenticatingAuthorities
        }

        /// Reads the element; throws ``SAMLError`` when it is not shaped as its schema requires.
        public init(element: XMLElement) throws {
            let ns = SAML2.namespace
            var reader = ChildReader(element)
            classRef = try reader.optional("AuthnContextClassRef", ns)
                .map { AuthnContextClass(rawValue: try $0.simpleText().trimmingXMLWhitespace()) }
            if reader.peek?.is("AuthnContextDecl", ns) == true {
                throw SAMLError(.unsupported, "inline AuthnContextDecl is not supported")
            }
            declarationRef = try reader.optional("AuthnContextDeclRef", ns).map { try $0.simpleText().trimmingXMLWhitespace() }
            authenticatingAuthorities = try reader.all("AuthenticatingAuthority", ns).map { try $0.simpleText().trimmingXMLWhitespace() }
            try reader.finish()
            guard classRef != nil || declarationRef != nil else {
                throw SAMLError(.malformed, "an AuthnContext needs a class or declaration reference")
            }
        }

        /// Writes the element as the last child of `parent`.
        @discardableResult
        public func write(into parent: XMLElement) -> XMLElement {
            let ns = SAML2.namespace, prefix = SAML2.prefix
            let element = parent.addChild("AuthnContext", ns, prefix: prefix)
            if let classRef { element.addChild("AuthnContextClassRef", ns, prefix: prefix).setText(classRef.rawValue) }
            if let declarationRef { element.addChild("AuthnContextDeclRef", ns, prefix: prefix).setText(declarationRef) }
            for authority in authenticatingAuthorities {
                element.addChild("AuthenticatingAuthority", ns, prefix: prefix).setText(authority)
            }
            return element
        }
    }
}
