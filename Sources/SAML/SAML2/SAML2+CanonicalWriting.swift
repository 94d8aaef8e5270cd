import Foundation
import XMLCore

// SAML 2.0 elements written directly in their exclusive canonical form (``CanonicalXMLWriter``),
// element for element what the `write(into:)` methods build as a tree: the same names,
// attributes, values and order, so the bytes are that tree's Exclusive C14N form.

extension CanonicalXMLWriter.Namespace {
    static let saml2 = CanonicalXMLWriter.Namespace(prefix: SAML2.prefix, uri: SAML2.namespace)
    static let xs = CanonicalXMLWriter.Namespace(prefix: "xs", uri: SAMLNamespace.xs)
    static let xsi = CanonicalXMLWriter.Namespace(prefix: "xsi", uri: SAMLNamespace.xsi)
    static let del = CanonicalXMLWriter.Namespace(prefix: "del", uri: SAMLNamespace.delegation)
}

extension SAML2.Assertion {
    /// Whether ``write(to:)`` writes this assertion: anything but holder-of-key confirmation
    /// keys, whose `ds:KeyInfo` content only the tree writers build.
    var hasCanonicalWriter: Bool {
        !(subject?.confirmations.contains { !($0.data?.keys.isEmpty ?? true) } ?? false)
    }

    /// The bindings of ``qNameContentPrefixes``, which the signature's PrefixList names.
    var qNameContentNamespaces: [CanonicalXMLWriter.Namespace] {
        qNameContentPrefixes.map { $0 == "xs" ? .xs : .del }
    }

    /// Writes the unsigned assertion; returns where its Signature goes (after the Issuer).
    func write(to writer: inout CanonicalXMLWriter) throws -> CanonicalXMLWriter.Position {
        guard SAMLIdentifier.isValid(id) else {
            throw SAMLError(.malformed, "the assertion ID is not an NCName")
        }
        writer.startElement("Assertion", .saml2)
        try writer.attribute("ID", id)
        try writer.attribute("IssueInstant", SAMLTime.format(issueInstant))
        try writer.attribute("Version", SAML2.version)
        try issuer.write(as: "Issuer", to: &writer)
        let signaturePosition = writer.position()
        try subject?.write(to: &writer)
        try conditions?.write(to: &writer)
        if advice != nil {
            writer.startElement("Advice", .saml2)
            writer.endElement()
        }
        for statement in authnStatements {
            try statement.write(to: &writer)
        }
        for statement in attributeStatements {
            try statement.write(to: &writer)
        }
        writer.endElement()
        return signaturePosition
    }
}

extension SAML2.NameIDType {
    func write(as localName: StaticString, to writer: inout CanonicalXMLWriter) throws {
        writer.startElement(localName, .saml2)
        try writer.attribute("NameQualifier", ifPresent: nameQualifier)
        try writer.attribute("SPNameQualifier", ifPresent: spNameQualifier)
        try writer.attribute("Format", ifPresent: format?.rawValue)
        try writer.attribute("SPProvidedID", ifPresent: spProvidedID)
        try writer.text(value)
        writer.endElement()
    }
}

extension SAML2.Subject {
    func write(to writer: inout CanonicalXMLWriter) throws {
        writer.startElement("Subject", .saml2)
        try nameID?.write(as: "NameID", to: &writer)
        for confirmation in confirmations {
            writer.startElement("SubjectConfirmation", .saml2)
            try writer.attribute("Method", confirmation.method.rawValue)
            try confirmation.nameID?.write(as: "NameID", to: &writer)
            if let data = confirmation.data {
                guard data.keys.isEmpty else {
                    throw SAMLError(.unsupported, "confirmation keys are written into a tree")
                }
                writer.startElement("SubjectConfirmationData", .saml2)
                try writer.attribute("NotBefore", ifPresent: data.notBefore)
                try writer.attribute("NotOnOrAfter", ifPresent: data.notOnOrAfter)
                try writer.attribute("Recipient", ifPresent: data.recipient)
                try writer.attribute("InResponseTo", ifPresent: data.inResponseTo)
                try writer.attribute("Address", ifPresent: data.address)
                writer.endElement()
            }
            writer.endElement()
        }
        writer.endElement()
    }
}

extension SAML2.Conditions {
    func write(to writer: inout CanonicalXMLWriter) throws {
        writer.startElement("Conditions", .saml2)
        try writer.attribute("NotBefore", ifPresent: notBefore)
        try writer.attribute("NotOnOrAfter", ifPresent: notOnOrAfter)
        for restriction in audienceRestrictions {
            guard !restriction.audiences.isEmpty else {
                throw SAMLError(.malformed, "an AudienceRestriction needs an Audience")
            }
            writer.startElement("AudienceRestriction", .saml2)
            for audience in restriction.audiences {
                try writer.element("Audience", .saml2, text: audience)
            }
            writer.endElement()
        }
        if oneTimeUse {
            writer.startElement("OneTimeUse", .saml2)
            writer.endElement()
        }
        if let proxyRestriction {
            writer.startElement("ProxyRestriction", .saml2)
            try writer.attribute("Count", ifPresent: proxyRestriction.count.map(String.init))
            for audience in proxyRestriction.audiences {
                try writer.element("Audience", .saml2, text: audience)
            }
            writer.endElement()
        }
        if let delegationRestriction {
            guard !delegationRestriction.delegates.isEmpty else {
                throw SAMLError(.malformed, "a DelegationRestriction needs a Delegate")
            }
            writer.startElement("Condition", .saml2)
            try writer.attribute("type", .xsi, "del:DelegationRestrictionType")
            for delegate in delegationRestriction.delegates {
                writer.startElement("Delegate", .del)
                try writer.attribute("DelegationInstant", ifPresent: delegate.delegationInstant)
                try writer.attribute("ConfirmationMethod", ifPresent: delegate.confirmationMethod?.rawValue)
                try delegate.nameID.write(as: "NameID", to: &writer)
                writer.endElement()
            }
            writer.endElement()
        }
        writer.endElement()
    }
}

extension SAML2.AuthnStatement {
    func write(to writer: inout CanonicalXMLWriter) throws {
        writer.startElement("AuthnStatement", .saml2)
        try writer.attribute("AuthnInstant", SAMLTime.format(authnInstant))
        try writer.attribute("SessionIndex", ifPresent: sessionIndex)
        try writer.attribute("SessionNotOnOrAfter", ifPresent: sessionNotOnOrAfter)
        writer.startElement("AuthnContext", .saml2)
        if let classRef = authnContext.classRef {
            try writer.element("AuthnContextClassRef", .saml2, text: classRef.rawValue)
        }
        if let declarationRef = authnContext.declarationRef {
            try writer.element("AuthnContextDeclRef", .saml2, text: declarationRef)
        }
        for authority in authnContext.authenticatingAuthorities {
            try writer.element("AuthenticatingAuthority", .saml2, text: authority)
        }
        writer.endElement()
        writer.endElement()
    }
}

extension SAML2.AttributeStatement {
    func write(to writer: inout CanonicalXMLWriter) throws {
        guard !attributes.isEmpty else {
            throw SAMLError(.malformed, "an AttributeStatement needs an Attribute")
        }
        writer.startElement("AttributeStatement", .saml2)
        for attribute in attributes {
            writer.startElement("Attribute", .saml2)
            try writer.attribute("Name", attribute.name)
            try writer.attribute("NameFormat", ifPresent: attribute.nameFormat?.rawValue)
            try writer.attribute("FriendlyName", ifPresent: attribute.friendlyName)
            for value in attribute.values {
                writer.startElement("AttributeValue", .saml2)
                try writer.attribute("type", .xsi, "xs:string")
                try writer.text(value)
                writer.endElement()
            }
            writer.endElement()
        }
        writer.endElement()
    }
}

extension CanonicalXMLWriter {
    /// An `xs:dateTime` attribute when `value` is present.
    mutating func attribute(_ localName: StaticString, ifPresent value: Date?) throws {
        if let value { try attribute(localName, SAMLTime.format(value)) }
    }
}
