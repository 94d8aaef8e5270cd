public import Foundation
public import XMLCore

/// Processes a security-header token this module does not define itself and that stands for a
/// symmetric key: WS-SecureConversation's `wsc:SecurityContextToken` and `wsc:DerivedKeyToken`
/// (both namespaces), plugged in through ``InboundSecurityConfiguration/tokenProcessors``.
///
/// The engine calls ``process(_:in:)`` at most once per element and message: when it meets the
/// element in the `wsse:Security` header (in header order), or earlier, when a
/// SecurityTokenReference (`#id`) names it before its turn. The key returned is what every later
/// reference to the element resolves to. A processor decides trust itself (an unknown or
/// cancelled context, a replayed nonce) and throws to refuse the message; a
/// ``WSSecurityError`` it throws reaches the caller unchanged.
public protocol SecurityHeaderTokenProcessor: Sendable {
    /// The element names this processor handles.
    var tokenNames: Set<QName> { get }

    /// Reads `element` and returns the key it stands for and the token to report for it
    /// (`.external` or `.encryptedKey`: a key labelled `.x509` or `.samlAssertion` is refused).
    func process(_ element: XMLElement, in context: HeaderTokenContext) async throws -> ResolvedSymmetricKey
}

/// What a ``SecurityHeaderTokenProcessor`` can use of the message being processed.
public struct HeaderTokenContext {
    let processing: ProcessingContext

    /// The time the message is checked at (the configuration's clock, read once per message).
    public var now: Date { processing.now }

    /// Resolves a SecurityTokenReference the token carries (a derived key's source) to a
    /// symmetric key, the way a signature's KeyInfo is resolved: `#id` tokens in the message
    /// (EncryptedKeys addressed to us, tokens of other processors), EncryptedKeySHA1, then the
    /// ``InboundSecurityConfiguration/symmetricKeyResolver`` for external references.
    public func symmetricKey(for reference: SecurityTokenReference) async throws -> ResolvedSymmetricKey {
        guard case .symmetric(let key, let token) = try await TokenResolver(context: processing).resolve(reference) else {
            throw WSSecurityError(.securityTokenUnavailable, "the referenced token is not a symmetric key")
        }
        return ResolvedSymmetricKey(key: key, token: token)
    }
}

extension InboundSecurityConfiguration {
    /// The configured processor for elements named `name`, if any.
    func tokenProcessor(for name: QName) -> (any SecurityHeaderTokenProcessor)? {
        tokenProcessors.first { $0.tokenNames.contains(name) }
    }
}
