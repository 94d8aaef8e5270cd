public import Foundation
public import XMLCore

extension SAML1 {
    /// `<AuthenticationStatement>` (sstc-saml-core-1.1 §2.4.3): the subject authenticated by
    /// ``method`` at ``instant``. SubjectLocality and AuthorityBinding are accepted when reading
    /// but not kept.
    public struct AuthenticationStatement: Hashable, Sendable {
        public var subject: Subject
        public var method: AuthenticationMethod
        public var instant: Date

        public init(subject: Subject, method: AuthenticationMethod, instant: Date) {
            self.subject = subject
            self.method = method
            self.instant = instant
        }

        /// Reads the element; throws ``SAMLError`` when it is not shaped as its schema requires.
        public init(element: XMLElement) throws {
            method = AuthenticationMethod(rawValue: try element.requiredAttribute("AuthenticationMethod"))
            instant = try element.requiredDateAttribute("AuthenticationInstant")
            var reader = ChildReader(element)
            subject = try Subject(element: try reader.required("Subject", SAML1.namespace))
            _ = reader.optional("SubjectLocality", SAML1.namespace)
            _ = reader.all("AuthorityBinding", SAML1.namespace)
            try reader.finish()
        }

        /// Writes the element as the last child of `parent`.
        @discardableResult
        public func write(into parent: XMLElement) throws -> XMLElement {
            let element = parent.addChild("AuthenticationStatement", SAML1.namespace, prefix: SAML1.prefix)
            element.setAttribute("AuthenticationMethod", value: method.rawValue)
            element.setAttribute("AuthenticationInstant", value: SAMLTime.format(instant))
            try subject.write(into: element)
            return element
        }
    }
}
