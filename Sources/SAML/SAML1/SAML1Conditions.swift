public import Foundation
public import XMLCore

extension SAML1 {
    /// `<Conditions>` (sstc-saml-core-1.1 §2.3.2.1). `<Condition>` elements of other types are
    /// kept by their `xsi:type` so that a validator can refuse them (§2.3.2.1.1: a condition that
    /// cannot be evaluated makes the assertion Indeterminate).
    public struct Conditions: Hashable, Sendable {
        public var notBefore: Date?
        public var notOnOrAfter: Date?
        /// Each restriction must be satisfied on its own (§2.3.2.1.2).
        public var audienceRestrictions: [AudienceRestrictionCondition]
        /// `<DoNotCacheCondition>` (§2.3.2.1.3): the assertion must not be cached for reuse.
        public var doNotCache: Bool
        /// `xsi:type`s of conditions this library does not understand (never written).
        public var unknownConditions: [QName]

        public init(
            notBefore: Date? = nil, notOnOrAfter: Date? = nil,
            audienceRestrictions: [AudienceRestrictionCondition] = [], doNotCache: Bool = false
        ) {
            self.notBefore = notBefore
            self.notOnOrAfter = notOnOrAfter
            self.audienceRestrictions = audienceRestrictions
            self.doNotCache = doNotCache
            unknownConditions = []
        }

        /// Reads the element; throws ``SAMLError`` when it is not shaped as its schema requires.
        public init(element: XMLElement) throws {
            (notBefore, notOnOrAfter) = try element.conditionsWindow()
            audienceRestrictions = []
            doNotCache = false
            unknownConditions = []
            for child in element.children {
                guard child.namespaceURI == SAML1.namespace else {
                    throw SAMLError(.malformed, "unexpected \(child.localName) in Conditions")
                }
                switch child.localName {
                case "AudienceRestrictionCondition":
                    audienceRestrictions.append(try AudienceRestrictionCondition(element: child))
                case "DoNotCacheCondition":
                    doNotCache = true
                case "Condition":
                    unknownConditions.append(try child.xsiType() ?? child.name)
                default:
                    throw SAMLError(.malformed, "unexpected \(child.localName) in Conditions")
                }
            }
        }

        /// Writes the element as the last child of `parent`.
        @discardableResult
        public func write(into parent: XMLElement) throws -> XMLElement {
            let element = parent.addConditions(SAML1.namespace, prefix: SAML1.prefix, notBefore: notBefore, notOnOrAfter: notOnOrAfter)
            for restriction in audienceRestrictions {
                try restriction.write(into: element)
            }
            if doNotCache {
                element.addChild("DoNotCacheCondition", SAML1.namespace, prefix: SAML1.prefix)
            }
            return element
        }
    }

    /// `<AudienceRestrictionCondition>` (sstc-saml-core-1.1 §2.3.2.1.2): one or more `<Audience>` URIs.
    public struct AudienceRestrictionCondition: Hashable, Sendable {
        public var audiences: [String]

        public init(_ audiences: [String]) {
            self.audiences = audiences
        }

        /// Reads the element; throws ``SAMLError`` when it is not shaped as its schema requires.
        public init(element: XMLElement) throws {
            var reader = ChildReader(element)
            audiences = try reader.all("Audience", SAML1.namespace).map { try $0.simpleText().trimmingXMLWhitespace() }
            try reader.finish()
            guard !audiences.isEmpty else {
                throw SAMLError(.malformed, "an AudienceRestrictionCondition needs an Audience")
            }
        }

        /// Writes the element as the last child of `parent`.
        @discardableResult
        public func write(into parent: XMLElement) throws -> XMLElement {
            guard !audiences.isEmpty else {
                throw SAMLError(.malformed, "an AudienceRestrictionCondition needs an Audience")
            }
            let element = parent.addChild("AudienceRestrictionCondition", SAML1.namespace, prefix: SAML1.prefix)
            for audience in audiences {
                element.addChild("Audience", SAML1.namespace, prefix: SAML1.prefix).setText(audience)
            }
            return element
        }
    }
}
