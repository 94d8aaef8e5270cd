public import Foundation
public import X509
public import XMLCore

/// The part of an assertion that policies judge, the same for SAML 1.1 and 2.0. Built only from
/// the element the signature covers, after the signature verified.
public struct SAMLAssertionFacts: Sendable {
    public enum Version: Hashable, Sendable {
        case saml11, saml20
    }

    /// A subject: SAML 2.0 has at most one; in SAML 1.1 each statement has its own.
    public struct Subject: Hashable, Sendable {
        /// The NameID / NameIdentifier value.
        public var name: String?
        public var confirmations: [Confirmation]
    }

    /// One subject confirmation.
    public struct Confirmation: Hashable, Sendable {
        /// The method URI as written.
        public var method: String
        /// The method's version-neutral kind, nil when unknown.
        public var kind: SAMLConfirmationKind?
        /// SubjectConfirmationData bounds (SAML 2.0 only).
        public var notBefore: Date?
        public var notOnOrAfter: Date?
        public var recipient: String?
        public var keys: [SAMLConfirmationKey]

        /// Whether `now` lies within the bounds, allowing `skew` either way (§2.4.1.2).
        public func isCurrent(at now: Date, skew: TimeInterval) -> Bool {
            if let notBefore, now.addingTimeInterval(skew) < notBefore { return false }
            if let notOnOrAfter, now.addingTimeInterval(-skew) >= notOnOrAfter { return false }
            return true
        }
    }

    public let version: Version
    public let id: String
    public let issuer: String
    public let issueInstant: Date
    public let notBefore: Date?
    public let notOnOrAfter: Date?
    /// Each inner list is one audience restriction, to be satisfied on its own.
    public let audienceRestrictions: [[String]]
    /// The kinds of conditions present.
    public let conditions: Set<SAMLConditionKind>
    public let subjects: [Subject]
    /// The certificate whose key verified the signature (trusted through the trust store).
    public let signer: Certificate
}

/// A kind of condition an assertion may carry. SAML 2.0 core §2.5.1 (and SAML 1.1 core
/// §2.3.2.1.1) make an assertion with a condition nobody evaluates Indeterminate, so a
/// validator refuses any kind that neither it nor one of its policies understands.
public enum SAMLConditionKind: Hashable, Sendable {
    /// AudienceRestriction / AudienceRestrictionCondition: needs ``SAMLAudiencePolicy``.
    case audienceRestriction
    /// OneTimeUse (SAML 2.0): needs ``SAMLOneTimeUsePolicy``.
    case oneTimeUse
    /// ProxyRestriction (SAML 2.0): binds us only when we issue assertions; understood.
    case proxyRestriction
    /// DelegationRestriction (SAML 2.0 delegation profile): informative for a relying party; understood.
    case delegationRestriction
    /// DoNotCacheCondition (SAML 1.1): we do not cache assertions; understood.
    case doNotCache
    /// A `<Condition>` of another `xsi:type`: never understood.
    case other(QName)
}

extension SAMLAssertionFacts {
    init(_ assertion: SAML2.Assertion, signer: Certificate) {
        let conditions = assertion.conditions
        var kinds = Set<SAMLConditionKind>()
        if let conditions {
            if !conditions.audienceRestrictions.isEmpty { kinds.insert(.audienceRestriction) }
            if conditions.oneTimeUse { kinds.insert(.oneTimeUse) }
            if conditions.proxyRestriction != nil { kinds.insert(.proxyRestriction) }
            if conditions.delegationRestriction != nil { kinds.insert(.delegationRestriction) }
            for unknown in conditions.unknownConditions { kinds.insert(.other(unknown)) }
        }
        self.init(
            version: .saml20, id: assertion.id, issuer: assertion.issuer.value, issueInstant: assertion.issueInstant,
            notBefore: conditions?.notBefore, notOnOrAfter: conditions?.notOnOrAfter,
            audienceRestrictions: conditions?.audienceRestrictions.map(\.audiences) ?? [],
            conditions: kinds,
            subjects: assertion.subject.map { subject in
                [
                    Subject(
                        name: subject.nameID?.value,
                        confirmations: subject.confirmations.map { confirmation in
                            Confirmation(
                                method: confirmation.method.rawValue, kind: confirmation.method.kind,
                                notBefore: confirmation.data?.notBefore, notOnOrAfter: confirmation.data?.notOnOrAfter,
                                recipient: confirmation.data?.recipient, keys: confirmation.data?.keys ?? [])
                        })
                ]
            } ?? [],
            signer: signer)
    }

    init(_ assertion: SAML1.Assertion, signer: Certificate) {
        let conditions = assertion.conditions
        var kinds = Set<SAMLConditionKind>()
        if let conditions {
            if !conditions.audienceRestrictions.isEmpty { kinds.insert(.audienceRestriction) }
            if conditions.doNotCache { kinds.insert(.doNotCache) }
            for unknown in conditions.unknownConditions { kinds.insert(.other(unknown)) }
        }
        let subjects = assertion.authenticationStatements.map(\.subject) + assertion.attributeStatements.map(\.subject)
        self.init(
            version: .saml11, id: assertion.id, issuer: assertion.issuer, issueInstant: assertion.issueInstant,
            notBefore: conditions?.notBefore, notOnOrAfter: conditions?.notOnOrAfter,
            audienceRestrictions: conditions?.audienceRestrictions.map(\.audiences) ?? [],
            conditions: kinds,
            subjects: subjects.map { subject in
                Subject(
                    name: subject.nameIdentifier?.value,
                    confirmations: subject.confirmation.map { confirmation in
                        confirmation.methods.map { method in
                            Confirmation(
                                method: method.rawValue, kind: method.kind, notBefore: nil, notOnOrAfter: nil,
                                recipient: nil, keys: confirmation.key.map { [$0] } ?? [])
                        }
                    } ?? [])
            },
            signer: signer)
    }
}
