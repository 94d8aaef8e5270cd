import Foundation
import SAML
import StoreProtocols
import WSTrust
import XMLCore

/// What the token store says of assertions the STS issued itself: a signature alone does not
/// make one of them usable once it was cancelled or renewed (WS-Trust 1.3 §8, §10).
struct OwnTokenCheck: Sendable {
    enum Status: Hashable {
        /// Issued by another (trusted) issuer: the store knows nothing of it.
        case notOwn
        case current
        /// Signed by the STS but not in the store (purged, or from another deployment).
        case unknown
        case cancelled
        case renewed
    }

    let trust: SAMLTrust
    let store: any TokenStore
    let renewal: RenewalPolicy

    /// The store's word on the validated assertion `facts`.
    func status(of facts: SAMLAssertionFacts) async throws(WSTrustError) -> Status {
        guard trust.isOwn(facts) else { return .notOwn }
        let record: IssuedTokenRecord?
        do {
            record = try await store.record(id: facts.id)
        } catch {
            throw WSTrustError(.requestFailed, "the token store is not available")
        }
        switch record?.status {
        case nil: return .unknown
        case .issued?: return .current
        case .cancelled?: return .cancelled
        case .renewed?: return .renewed
        }
    }

    /// Whether `element`, an assertion refused as expired, is a renewable token of the STS
    /// still inside its renewal window, so the requestor should be told to renew it
    /// (`wst:RenewNeeded`) rather than that it is invalid.
    func isRenewable(expired element: XMLElement, now: Date) async -> Bool {
        guard let id = try? SAMLAssertion(element: element).id,
            let record = try? await store.record(id: id),
            now >= record.expires, renewal.refusal(toRenew: record, now: now) == nil
        else {
            return false
        }
        return (try? await trust.ownTokenValidator(at: record.expires.addingTimeInterval(-0.001)).validate(element)) != nil
    }
}
