import Foundation
import SAML
import SecurityCore
import WSSecurity
import X509
import XMLSecurity

/// The SAML issuers the STS trusts (the configured ones and itself), and the validators each
/// use of an assertion needs. Built once per service.
struct SAMLTrust: Sendable {
    /// Why an assertion is being validated; each use has its own audience and one-time-use rules.
    enum Purpose {
        /// A requestor credential in the security header: it must be restricted to the STS's
        /// audiences (an unrestricted assertion could have been meant for anyone), and a
        /// OneTimeUse assertion is used up.
        case authentication(audiences: Set<String>)
        /// Inside OnBehalfOf / ActAs: another issuer's assertion must be restricted to one of
        /// `audiences` (the STS, or a configured party such as the gateway it was issued to),
        /// since one meant for any other service must not buy a token here; the STS's own
        /// assertions are accepted for any of its relying parties. A OneTimeUse assertion is
        /// used up.
        case delegation(audiences: Set<String>)
        /// A Validate target: for the AppliesTo audience when one is given; validating is not
        /// using, so a OneTimeUse assertion is not used up (unless `consumes`, when Validate
        /// issues a new token for it).
        case validation(audience: String?, consumes: Bool)
    }

    let ownIssuer: String
    let ownCertificate: Certificate
    private let trustStore: X509TrustStore
    /// Each trusted issuer bound to its certificates; built once, since every request's
    /// validator for header assertions starts with it.
    private let issuerPolicy: SAMLIssuerPolicy
    private let realms: [String: String]
    /// The inbound signature rules (hardening limits, SHA-1) apply to assertions' signatures too.
    private let signaturePolicy: SignatureVerificationPolicy

    init(issuers: [TrustedSAMLIssuer], ownIssuer: String, ownCertificate: Certificate, signaturePolicy: SignatureVerificationPolicy = .default) {
        self.signaturePolicy = signaturePolicy
        self.ownIssuer = ownIssuer
        self.ownCertificate = ownCertificate
        var signers: [String: [Certificate]] = [:]
        var realms: [String: String] = [:]
        for issuer in issuers {
            signers[issuer.name, default: []] += issuer.certificates
            realms[issuer.name] = issuer.realm ?? issuer.name
        }
        signers[ownIssuer, default: []].append(ownCertificate)
        issuerPolicy = SAMLIssuerPolicy(signers: signers)
        self.realms = realms
        trustStore = X509TrustStore(anchors: [], pinned: signers.values.flatMap { $0 })
    }

    /// A validator for `purpose` at `now`.
    func validator(for purpose: Purpose, now: Date, clockSkew: TimeInterval, replayCache: any ReplayCache) -> SAMLAssertionValidator {
        SAMLAssertionValidator(trustStore: trustStore, clock: .fixed(now), clockSkew: clockSkew, signaturePolicy: signaturePolicy) {
            issuerPolicy
            switch purpose {
            case .authentication(let audiences):
                SAMLAudiencePolicy(audiences: audiences, requireRestriction: true)
                SAMLOneTimeUsePolicy(replayCache: replayCache)
            case .delegation(let audiences):
                OwnOrAudiencePolicy(
                    ownIssuer: ownIssuer, ownCertificate: ownCertificate,
                    audiences: SAMLAudiencePolicy(audiences: audiences, requireRestriction: true))
                SAMLOneTimeUsePolicy(replayCache: replayCache)
            case .validation(let audience, let consumes):
                if let audience { SAMLAudiencePolicy(audience: audience) } else { AnyAudiencePolicy() }
                if consumes { SAMLOneTimeUsePolicy(replayCache: replayCache) } else { OneTimeUseNotConsumedPolicy() }
            }
        }
    }

    /// A validator that accepts only the STS's own assertions, judged at `instant` (a time at
    /// which the token was valid), for Renew: the signature and its scope are checked as
    /// always, while expiry is the token record's business.
    func ownTokenValidator(at instant: Date) -> SAMLAssertionValidator {
        let own = [ownIssuer: [ownCertificate]]
        return SAMLAssertionValidator(trustStore: X509TrustStore(anchors: [], pinned: [ownCertificate]), clock: .fixed(instant), clockSkew: 0) {
            SAMLIssuerPolicy(signers: own)
            AnyAudiencePolicy()
            OneTimeUseNotConsumedPolicy()
        }
    }

    /// Whether the STS itself issued `assertion`.
    func isOwn(_ facts: SAMLAssertionFacts) -> Bool {
        facts.issuer == ownIssuer && facts.signer == ownCertificate
    }

    /// The identity-mapping realm of `issuer`'s subjects.
    func realm(of issuer: String) -> String {
        realms[issuer] ?? issuer
    }
}

/// Accepts any audience restriction: for assertions the STS receives while not being their
/// audience (delegated tokens, Validate without AppliesTo).
struct AnyAudiencePolicy: SAMLAssertionPolicy {
    var evaluatedConditions: Set<SAMLConditionKind> { [.audienceRestriction] }

    func evaluate(_ assertion: SAMLAssertionFacts, context: SAMLValidationContext) async -> SAMLPolicyResult {
        .meetsPolicy
    }
}

/// Understands OneTimeUse without using the assertion up: checking whether an assertion is
/// valid is not using it (SAML 2.0 core §2.5.1.5 binds the relying party that relies on it).
struct OneTimeUseNotConsumedPolicy: SAMLAssertionPolicy {
    var evaluatedConditions: Set<SAMLConditionKind> { [.oneTimeUse] }

    func evaluate(_ assertion: SAMLAssertionFacts, context: SAMLValidationContext) async -> SAMLPolicyResult {
        .meetsPolicy
    }
}

/// The STS's own assertions pass whatever their audience (the STS issued them for one of its
/// relying parties and keeps their record); any other issuer's must meet `audiences`.
struct OwnOrAudiencePolicy: SAMLAssertionPolicy {
    let ownIssuer: String
    let ownCertificate: Certificate
    let audiences: SAMLAudiencePolicy

    var evaluatedConditions: Set<SAMLConditionKind> { [.audienceRestriction] }

    func evaluate(_ assertion: SAMLAssertionFacts, context: SAMLValidationContext) async -> SAMLPolicyResult {
        if assertion.issuer == ownIssuer, assertion.signer == ownCertificate { return .meetsPolicy }
        return await audiences.evaluate(assertion, context: context)
    }
}
