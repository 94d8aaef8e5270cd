import StoreProtocols
import STS
import SecureConversation

/// The token service's own records as the status of the assertions it issued, for the
/// `issued-saml` bootstrap of the service hosted with it: an assertion the STS cancelled or
/// renewed establishes no context, nor one its store does not hold.
struct TokenStoreAssertionStatus: SAMLAssertionStatusSource {
    let store: any TokenStore

    func status(ofAssertion id: String) async throws -> SAMLAssertionStatus {
        switch try await store.record(id: id)?.status {
        case nil: .unknown
        case .issued?: .current
        case .cancelled?: .cancelled
        case .renewed?: .renewed
        }
    }
}
