public import Foundation
public import SAML
import SecurityCore
public import X509

/// Validates the SAML assertions of one request's security header, once each, with one
/// ``SAMLAssertionValidator``: the WS-Security engine asks it for a holder-of-key confirmation
/// key when a signature references an assertion (it is the engine's
/// ``SAMLConfirmationKeyResolver``), and the SAML-aware caller (the STS's SAML authenticator,
/// a secure-conversation bootstrap) asks it for the validated assertion. Whatever the validator
/// refuses (untrusted issuer, expired, another audience, a OneTimeUse assertion used up) is
/// refused here, and an assertion is validated (and a OneTimeUse one used up) once per request.
///
/// One instance serves one request, which processes its header sequentially; the lock only
/// makes that explicit.
public final class SAMLHeaderAssertionTrust: SAMLConfirmationKeyResolver, @unchecked Sendable {
    private let validator: SAMLAssertionValidator
    private let lock = NSLock()
    private var validated: [String: Result<ValidatedSAMLAssertion, SAMLError>] = [:]

    /// Trusts what `validator` accepts; build one per request, with the validator's clock
    /// pinned to the request's time.
    public init(validator: SAMLAssertionValidator) {
        self.validator = validator
    }

    /// The validated assertion, or the SAML error that refused it.
    public func validate(_ assertion: HeaderSAMLAssertion) async throws(SAMLError) -> ValidatedSAMLAssertion {
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
    /// Refuses an assertion the validator refuses (`wsse:InvalidSecurityToken`), one without a
    /// holder-of-key confirmation, and one whose confirmation key is not a certificate.
    public func confirmationCertificate(of assertion: HeaderSAMLAssertion, at now: Date) async throws -> Certificate {
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
        throw WSSecurityError(
            keys.isEmpty ? .invalidSecurityToken : .unsupportedSecurityToken,
            keys.isEmpty
                ? "the SAML assertion has no holder-of-key confirmation"
                : "only holder-of-key assertions confirming a certificate are accepted")
    }
}
