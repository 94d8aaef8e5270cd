public import Foundation
public import XMLCore
import XMLSecurity

extension SAML1 {
    /// `<Assertion>` (sstc-saml-core-1.1 §2.3.2): MajorVersion 1, MinorVersion 1, AssertionID,
    /// Issuer (an attribute), IssueInstant; Conditions?, Advice?, one or more statements, then
    /// the `ds:Signature` last (§5.4.2). Only AuthenticationStatement and AttributeStatement are
    /// modelled; other statements are refused. Reading checks shape only, see
    /// ``SAMLAssertionValidator`` for trust.
    public struct Assertion: Hashable, Sendable {
        /// `AssertionID`: an NCName, by default ``SAMLIdentifier/generate(at:)``'s `_` and 44 hex digits.
        public var id: String
        public var issuer: String
        public var issueInstant: Date
        public var conditions: Conditions?
        /// Whether the assertion carried `<Advice>` (content not modelled; written empty).
        public var hasAdvice: Bool
        public var authenticationStatements: [AuthenticationStatement]
        public var attributeStatements: [AttributeStatement]

        public init(
            id: String = SAMLIdentifier.generate(), issuer: String, issueInstant: Date, conditions: Conditions? = nil,
            hasAdvice: Bool = false, authenticationStatements: [AuthenticationStatement] = [],
            attributeStatements: [AttributeStatement] = []
        ) {
            self.id = id
            self.issuer = issuer
            self.issueInstant = issueInstant
            self.conditions = conditions
            self.hasAdvice = hasAdvice
            self.authenticationStatements = authenticationStatements
            self.attributeStatements = attributeStatements
        }

        /// Reads a `saml:Assertion`. Refuses versions other than 1.1 (`unsupported`), an
        /// AssertionID that is not an NCName, an assertion without statements and a
        /// `ds:Signature` anywhere but last.
        public init(element: XMLElement) throws {
            let ns = SAML1.namespace
            guard element.is("Assertion", ns) else {
                throw SAMLError(.malformed, "expected a SAML 1.1 Assertion, found \(element.localName)")
            }
            guard try element.requiredAttribute("MajorVersion").trimmingXMLWhitespace() == "1",
                try element.requiredAttribute("MinorVersion").trimmingXMLWhitespace() == "1"
            else {
                throw SAMLError(.unsupported, "only SAML 1.1 assertions are supported in this namespace")
            }
            id = try element.requiredAttribute("AssertionID")
            guard SAMLIdentifier.isValid(id) else {
                throw SAMLError(.malformed, "the AssertionID is not an NCName")
            }
            issuer = try element.requiredAttribute("Issuer")
            guard !issuer.isEmpty else { throw SAMLError(.malformed, "the Issuer is empty") }
            issueInstant = try element.requiredDateAttribute("IssueInstant")
            var reader = ChildReader(element)
            conditions = try reader.optional("Conditions", ns).map(Conditions.init(element:))
            hasAdvice = reader.optional("Advice", ns) != nil
            authenticationStatements = []
            attributeStatements = []
            while let statement = reader.peek, statement.namespaceURI == ns {
                _ = reader.next()
                switch statement.localName {
                case "AuthenticationStatement": authenticationStatements.append(try AuthenticationStatement(element: statement))
                case "AttributeStatement": attributeStatements.append(try AttributeStatement(element: statement))
                case "AuthorizationDecisionStatement", "Statement", "SubjectStatement":
                    throw SAMLError(.unsupported, "\(statement.localName) is not supported")
                default:
                    throw SAMLError(.malformed, "unexpected \(statement.localName) in Assertion")
                }
            }
            guard !(authenticationStatements.isEmpty && attributeStatements.isEmpty) else {
                throw SAMLError(.malformed, "a SAML 1.1 assertion needs a statement")
            }
            _ = reader.optional("Signature", XMLSecurityNamespace.ds)  // the validator's business
            try reader.finish()
        }

        /// A new document whose root is this assertion, unsigned, declaring `saml` and, when
        /// attribute values are present, `xs` and `xsi`.
        public func makeDocument() throws -> XMLDocument {
            guard SAMLIdentifier.isValid(id) else {
                throw SAMLError(.malformed, "the AssertionID is not an NCName")
            }
            guard !(authenticationStatements.isEmpty && attributeStatements.isEmpty) else {
                throw SAMLError(.malformed, "a SAML 1.1 assertion needs a statement")
            }
            let document = XMLDocument(rootLocalName: "Assertion", namespace: SAML1.namespace, prefix: SAML1.prefix)
            let root = document.root
            if !attributeStatements.isEmpty {
                root.declareNamespace(prefix: "xs", uri: SAMLNamespace.xs)
                root.declareNamespace(prefix: "xsi", uri: SAMLNamespace.xsi)
            }
            root.setAttribute("MajorVersion", value: "1")
            root.setAttribute("MinorVersion", value: "1")
            root.setAttribute("AssertionID", value: id)
            root.setAttribute("Issuer", value: issuer)
            root.setAttribute("IssueInstant", value: SAMLTime.format(issueInstant))
            try conditions?.write(into: root)
            if hasAdvice {
                root.addChild("Advice", SAML1.namespace, prefix: SAML1.prefix)
            }
            for statement in authenticationStatements {
                try statement.write(into: root)
            }
            for statement in attributeStatements {
                try statement.write(into: root)
            }
            return document
        }

        /// Writes the unsigned assertion into `parent` (last, or before `sibling`), declaring its
        /// own namespaces.
        @discardableResult
        public func write(into parent: XMLElement, before sibling: XMLElement? = nil) throws -> XMLElement {
            parent.addCopy(of: try makeDocument().root, before: sibling)
        }

        /// Prefixes QName-valued attribute content relies on (InclusiveNamespaces PrefixList).
        var qNameContentPrefixes: [String] {
            attributeStatements.isEmpty ? [] : ["xs"]
        }
    }
}
