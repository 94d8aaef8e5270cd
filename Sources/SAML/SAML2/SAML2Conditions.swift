public import Foundation
public import XMLCore

extension SAML2 {
    /// `<Conditions>` (§2.5.1): the circumstances under which the assertion is valid. Reading
    /// keeps conditions it does not know by their `xsi:type`, so that a validator can refuse
    /// them: an assertion with a condition nobody understands is Indeterminate (§2.5.1).
    public struct Conditions: Hashable, Sendable {
        public var notBefore: Date?
        public var notOnOrAfter: Date?
        /// Each restriction must be satisfied on its own (§2.5.1.4).
        public var audienceRestrictions: [AudienceRestriction]
        /// `<OneTimeUse>` (§2.5.1.5): the assertion may be used once.
        public var oneTimeUse: Bool
        /// `<ProxyRestriction>` (§2.5.1.6).
        public var proxyRestriction: ProxyRestriction?
        /// The delegation chain of an ActAs/OnBehalfOf token (sstc-saml-delegation §2).
        public var delegationRestriction: DelegationRestriction?
        /// `xsi:type`s of `<Condition>` elements this library does not understand (never written).
        public var unknownConditions: [QName]

        public init(
            notBefore: Date? = nil, notOnOrAfter: Date? = nil, audienceRestrictions: [AudienceRestriction] = [],
            oneTimeUse: Bool = false, proxyRestriction: ProxyRestriction? = nil,
            delegationRestriction: DelegationRestriction? = nil
        ) {
            self.notBefore = notBefore
            self.notOnOrAfter = notOnOrAfter
            self.audienceRestrictions = audienceRestrictions
            self.oneTimeUse = oneTimeUse
            self.proxyRestriction = proxyRestriction
            self.delegationRestriction = delegationRestriction
            unknownConditions = []
        }

        /// Reads the element. OneTimeUse and ProxyRestriction may occur once each (§2.5.1.5,
        /// §2.5.1.6); a NotBefore at or after NotOnOrAfter is refused.
        public init(element: XMLElement) throws {
            (notBefore, notOnOrAfter) = try element.conditionsWindow()
            audienceRestrictions = []
            oneTimeUse = false
            unknownConditions = []
            let ns = SAML2.namespace
            for child in element.children {
                guard child.namespaceURI == ns else {
                    throw SAMLError(.malformed, "unexpected \(child.localName) in Conditions")
                }
                switch child.localName {
                case "AudienceRestriction":
                    audienceRestrictions.append(try AudienceRestriction(element: child))
                case "OneTimeUse":
                    guard !oneTimeUse else { throw SAMLError(.malformed, "OneTimeUse occurs more than once") }
                    oneTimeUse = true
                case "ProxyRestriction":
                    guard proxyRestriction == nil else { throw SAMLError(.malformed, "ProxyRestriction occurs more than once") }
                    proxyRestriction = try ProxyRestriction(element: child)
                case "Condition":
                    let type = try child.xsiType()
                    if type == DelegationRestriction.xsiType {
                        guard delegationRestriction == nil else {
                            throw SAMLError(.malformed, "DelegationRestriction occurs more than once")
                        }
                        delegationRestriction = try DelegationRestriction(element: child)
                    } else {
                        unknownConditions.append(type ?? child.name)
                    }
                default:
                    throw SAMLError(.malformed, "unexpected \(child.localName) in Conditions")
                }
            }
        }

        /// Writes the element as the last child of `parent`.
        @discardableResult
        public func write(into parent: XMLElement) throws -> XMLElement {
            let element = parent.addConditions(SAML2.namespace, prefix: SAML2.prefix, notBefore: notBefore, notOnOrAfter: notOnOrAfter)
            for restriction in audienceRestrictions {
                try restriction.write(into: element)
            }
            if oneTimeUse {
                element.addChild("OneTimeUse", SAML2.namespace, prefix: SAML2.prefix)
            }
            proxyRestriction?.write(into: element)
            try delegationRestriction?.write(into: element)
            return element
        }
    }
}
