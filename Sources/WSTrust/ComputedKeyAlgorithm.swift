import Foundation
import XMLCore

/// How a proof key is computed from the requestor's and the issuer's entropy: the content of
/// `wst:ComputedKeyAlgorithm` in a request and of `wst:ComputedKey` in a response
/// (WS-Trust 1.3 §4.4.4, §9.2; the February 2005 namespace has the same algorithm).
public enum ComputedKeyAlgorithm: Hashable, Sendable {
    /// `…/CK/PSHA1`: key = P_SHA1(requestor entropy, issuer entropy), the requestor's entropy
    /// being the HMAC secret and the issuer's the P_SHA1 seed (WS-Trust 1.3 §4.4.4, TLS 1.0 §5
    /// P_hash).
    case psha1

    /// Reads the URI in either version's namespace; nil for an algorithm we do not compute.
    public init?(uri: String) {
        let trimmed = uri.trimmingXMLWhitespace()
        guard WSTrustVersion.allCases.contains(where: { $0.computedKeyPSHA1 == trimmed }) else { return nil }
        self = .psha1
    }

    /// The URI in `version`'s namespace.
    public func uri(_ version: WSTrustVersion) -> String {
        switch self {
        case .psha1: version.computedKeyPSHA1
        }
    }
}
