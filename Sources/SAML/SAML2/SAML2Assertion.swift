public import Foundation
public import XMLCore
import XMLSecurity

extension SAML2 {
    /// `<Assertion>` (§2.3.3): claims an issuer makes about a subject.
    ///
    /// Schema order: Issuer, ds:Signature?, Subject?, Conditions?, Advice?, then statements.
    /// Only AuthnStatement and AttributeStatement are modelled; other statements are refused.
    /// Reading checks shape only: whether the signature is valid and trusted is decided by
    /// ``SAMLAssertionValidator``; ``SAMLAssertionSigner`` writes a signed assertion.
    public struct Assertion: Hashable, Sendable {
        /// `ID`: an NCName, by default ``SAMLIdentifier/generate(at:)``'s `_` and 44 hex digits.
        public var id: String
        public var issueInstant: Date
        public var issuer: Issuer
        public var subject: Subject?
        public var conditions: Conditions?
        public var advice: Advice?
        public var authnStatements: [AuthnStatement]
        public var attributeStatements: [AttributeStatement]

        public init(
            id: String = SAMLIdentifier.generate(), issueInstant: Date, issuer: Issuer, subject: Subject? = nil,
            conditions: Conditions? = nil, advice: Advice? = nil,
            authnStatements: [AuthnStatement] = [], attributeStatements: [AttributeStatement] = []
        ) {
            self.id = id
            self.issueInstant = issueInstant
            self.issuer = issuer
            self.subject = subject
            self.conditions = conditions
            self.advice = advice
            self.authnStatements = authnStatements
            self.attributeStatements = attributeStatements
        }

        /// Reads a `saml2:Assertion`. Refuses another `Version` (`unsupported`), an ID that is
        /// not an NCName, a Signature out of place, and statements other than AuthnStatement
        /// and AttributeStatement.
        public init(element: XMLElement) throws {
            let ns = SAML2.namespace
            guard element.is("Assertion", ns) else {
                throw SAMLError(.malformed, "expected a SAML 2.0 Assertion, found \(element.localName)")
            }
            guard try element.requiredAttribute("Version") == SAML2.version else {
                throw SAMLError(.unsupported, "only SAML Version 2.0 assertions are supported in this namespace")
            }
            id = try element.requiredAttribute("ID")
            guard SAMLIdentifier.isValid(id) else {
                throw SAMLError(.malformed, "the assertion ID is not an NCName")
            }
            issueInstant = try element.requiredDateAttribute("IssueInstant")
            var reader = ChildReader(element)
            issuer = try Issuer(element: try reader.required("Issuer", ns))
            _ = reader.optional("Signature", XMLSecurityNamespace.ds)  // the validator's business
            subject = try reader.optional("Subject", ns).map(Subject.init(element:))
            conditions = try reader.optional("Conditions", ns).map(Conditions.init(element:))
            advice = try reader.optional("Advice", ns).map(Advice.init(element:))
            authnStatements = []
            attributeStatements = []
            while let statement = reader.next() {
                switch (statement.namespaceURI, statement.localName) {
                case (ns, "AuthnStatement"): authnStatements.append(try AuthnStatement(element: statement))
                case (ns, "AttributeStatement"): attributeStatements.append(try AttributeStatement(element: statement))
                case (ns, "AuthzDecisionStatement"), (ns, "Statement"):
                    throw SAMLError(.unsupported, "\(statement.localName) is not supported")
                default:
                    throw SAMLError(.malformed, "unexpected \(statement.localName) in Assertion")
                }
            }
            // §2.7.2 / §2.7.3: an assertion with statements must have a subject.
            if subject == nil, !(authnStatements.isEmpty && attributeStatements.isEmpty) {
                throw SAMLError(.malformed, "an assertion with statements needs a Subject")
            }
        }

        /// A new document whose root is this assertion, unsigned. The root declares `saml2` and,
        /// when used, `xs`, `xsi`, `ds` and `del`, so the assertion's serialization stands on its own.
        public func makeDocument() throws -> XMLDocument {
            guard SAMLIdentifier.isValid(id) else {
                throw SAMLError(.malformed, "the assertion ID is not an NCName")
            }
            let document = XMLDocument(rootLocalName: "Assertion", namespace: SAML2.namespace, prefix: SAML2.prefix)
            let root = document.root
            if usesXSIType {
                root.declareNamespace(prefix: "xsi", uri: SAMLNamespace.xsi)
            }
            if subject?.confirmations.contains(where: { !($0.data?.keys.isEmpty ?? true) }) ?? false {
                root.declareNamespace(prefix: "ds", uri: XMLSecurityNamespace.ds)
            }
            // Prefixes named in the signature's InclusiveNamespaces are declared here, on the
            // apex: their canonical form then does not depend on where a copy declares them.
            if attributeStatements.contains(where: { $0.attributes.contains { !$0.values.isEmpty } }) {
                root.declareNamespace(prefix: "xs", uri: SAMLNamespace.xs)
            }
            if conditions?.delegationRestriction != nil {
                root.declareNamespace(prefix: "del", uri: SAMLNamespace.delegation)
            }
            root.setAttribute("ID", value: id)
            root.setAttribute("IssueInstant", value: SAMLTime.format(issueInstant))
            root.setAttribute("Version", value: SAML2.version)
            issuer.write(as: "Issuer", into: root)
            try subject?.write(into: root)
            try conditions?.write(into: root)
            advice?.write(into: root)
            for statement in authnStatements {
                statement.write(into: root)
            }
            for statement in attributeStatements {
                try statement.write(into: root)
            }
            return document
        }

        /// Writes the unsigned assertion as the last child of `parent` (or before `sibling`),
        /// declaring its own namespaces.
        @discardableResult
        public func write(into parent: XMLElement, before sibling: XMLElement? = nil) throws -> XMLElement {
            parent.addCopy(of: try makeDocument().root, before: sibling)
        }

        /// Whether any element will carry an `xsi:type`.
        var usesXSIType: Bool {
            conditions?.delegationRestriction != nil
                || attributeStatements.contains { $0.attributes.contains { !$0.values.isEmpty } }
                || (subject?.confirmations.contains { !($0.data?.keys.isEmpty ?? true) } ?? false)
        }

        /// Prefixes whose bindings QName-valued attribute content (`xsi:type`) relies on, for
        /// the signature's InclusiveNamespaces PrefixList.
        var qNameContentPrefixes: [String] {
            var prefixes: [String] = []
            if attributeStatements.contains(where: { $0.attributes.contains { !$0.values.isEmpty } }) { prefixes.append("xs") }
            if conditions?.delegationRestriction != nil { prefixes.append("del") }
            return prefixes
        }
    }
}
