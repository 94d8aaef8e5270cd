import Foundation
import SecurityCore
import SOAP
import WSSecurity
import XMLCore

/// `wsc:DerivedKeyToken` in a security header (either version): reads it within
/// ``DerivedKeyToken/Limits``, resolves the key it derives from (a security context, or an
/// EncryptedKey addressed to us), refuses a nonce already used with the same context, and
/// derives the key with P_SHA1 (WS-SC 1.3 §7).
///
/// A key derived from a context is reported as `.external(kind: "{wsc}/dk", identifier: <the
/// context's Identifier>)`; one derived from an EncryptedKey as that EncryptedKey.
struct DerivedKeyTokenProcessor: SecurityHeaderTokenProcessor {
    let resolution: ContextResolution
    /// Where nonces are remembered, until the context expires (plus `clockSkew`).
    let replayCache: any ReplayCache
    let clockSkew: TimeInterval

    /// Both versions' names, built once: the engine asks for every header element it meets.
    private static let names = Set(SecureConversationVersion.allCases.map { QName($0.namespace, "DerivedKeyToken") })

    var tokenNames: Set<QName> { Self.names }

    func process(_ element: XMLElement, in context: HeaderTokenContext) async throws -> ResolvedSymmetricKey {
        let (token, reference) = try DerivedKeyToken.read(element)
        let unknownSource = WSSecurityError(
            .defined(by: token.version.faultCodes.unknownDerivationSource),
            "the source of the derived key is unknown")
        guard let reference else { throw unknownSource }
        guard let nonce = token.effectiveNonce else {
            throw WSSecurityError(.invalidSecurityToken, "a DerivedKeyToken must carry a Nonce")
        }
        let base = try await context.symmetricKey(for: reference)
        switch base.token {
        case .external(let kind, let identifier) where SecureConversationVersion.allCases.contains(where: { $0.tokenTypeURI == kind }):
            guard let resolved = resolution[identifier] else { throw unknownSource }
            try await checkFresh(nonce, context: identifier, expires: resolved.record.expires, now: context.now)
            return ResolvedSymmetricKey(
                key: try resolution.deriveKey(token, context: identifier, secret: base.key),
                token: .external(kind: token.version.derivedKeyValueType, identifier: identifier))
        case .encryptedKey:
            return ResolvedSymmetricKey(key: try token.deriveKey(from: base.key), token: base.token)
        default:
            // A key derived from a derived key, or from anything else, is not accepted.
            throw unknownSource
        }
    }

    private func checkFresh(_ nonce: [UInt8], context identifier: String, expires: Date, now: Date) async throws {
        let entry = Array("DKN".utf8) + Array(identifier.utf8) + [0] + nonce
        guard try await replayCache.insertIfAbsent(entry, expiry: expires.addingTimeInterval(clockSkew), now: now) else {
            throw WSSecurityError(.invalidSecurity, "a derived key nonce was already used in this context (replay)")
        }
    }
}
