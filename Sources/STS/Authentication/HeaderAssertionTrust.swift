import Foundation
import SAML
import WSSecurity
import X509

/// Validates the SAML assertions of one request's security header, once each: the WS-Security
/// engine asks it for a holder-of-key confirmation key when a signature references an
/// assertion, and the SAML authenticator asks it for the validated assertion. Each assertion
/// must come from a trusted issuer, be current and be restricted to an audience of the STS; a
/// OneTimeUse assertion is used up once.
///
/// One instance serves one request, which processes its header sequentially; the lock only
/// makes that explicit.
final class HeaderAssertionTrust: SAMLConfirmationKeyResolver, @unchecked Sendable {
    private let validator: SAMLAssertionValidator
    private let lock = NSLock()
    private var validated: [String: Result<ValidatedSAMLAssertion, SAMLError>] = [:]

    init(trust: SAMLTrust, configuration: STSConfiguration, now: Date) {
        validator = trust.validator(for: .authentication(audiences: configuration.audiences), now: now,
                                    clockSkew: configuration.inbound.clockSkew, replayCache: configuration.inbound.replayCache)
    }

    /// The validated assertion, or the SAML error that refused it.
    func validate(_ assertion: HeaderSAMLAssertion) async throws(SAMLError) -> ValidatedSAMLAssertion {
        if let known = lock.withLock({ validated[assertion.id] }) { return try known.get() }
        let result: Result<ValidatedSAMLAssertion, SAMLError>
        do {
            result = .success(try await validator.validate(assertion.element))
        } catch let error as SAMLError {
            result = .failure(error)
        } catch {
            result = .failure(SAMLError(.invalidSignature, "the SAML assertion could not be validated"))
        }
        lock.withLock { validated[assertion.id] = result }
        return try result.get()
    }

    /// SAML Token Profile 1.1 §3.5.1: the certificate a holder-of-key confirmation names.
    func confirmationCertificate(of assertion: HeaderSAMLAssertion, at now: Date) async throws -> Certificate {
        let facts: SAMLAssertionFacts
        do {
            facts = try await validate(assertion).facts
        } catch {
            throw error.wsSecurityError
        }
        let keys = facts.subjects.flatMap(\.confirmations).filter { $0.kind == .holderOfKey }.flatMap(\.keys)
        for key in keys {
            if case .certificate(let certificate) = key { return certificate }
        }
        throw WSSecurityError(keys.isEmpty ? .invalidSecurityToken : .unsupportedSecurityToken,
                              keys.isEmpty ? "the SAML assertion has no holder-of-key confirmation"
                                           : "only holder-of-key assertions confirming a certificate are accepted")
    }
}
