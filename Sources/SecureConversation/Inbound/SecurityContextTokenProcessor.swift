import SOAP
import WSSecurity
import XMLCore

/// `wsc:SecurityContextToken` in a security header (either version): the context it names must
/// be usable (``SecurityContextSource``); its key is the context's secret.
struct SecurityContextTokenProcessor: SecurityHeaderTokenProcessor {
    let resolution: ContextResolution

    /// Both versions' names, built once: the engine asks for every header element it meets.
    private static let names = Set(SecureConversationVersion.allCases.map { QName($0.namespace, "SecurityContextToken") })

    var tokenNames: Set<QName> { Self.names }

    func process(_ element: XMLElement, in context: HeaderTokenContext) async throws -> ResolvedSymmetricKey {
        let token = try SecurityContextToken(element: element)
        let record = try await resolution.context(for: token, now: context.now)
        return ResolvedSymmetricKey(key: record.secret, token: .external(kind: token.version.tokenTypeURI, identifier: record.identifier))
    }
}

/// A reference to a context by its Identifier (`URI="urn:uuid:…"` with the version's `…/sct`
/// ValueType, no `#`: WS-SC 1.3 §8), for messages that do not carry the token.
struct ContextReferenceResolver: SymmetricKeyResolver {
    let resolution: ContextResolution

    func key(for reference: SecurityTokenReference, in context: InboundContextInfo) async throws -> ResolvedSymmetricKey? {
        guard case .reference(let uri, let valueType) = reference.form, !uri.hasPrefix("#"),
            let version = SecureConversationVersion.allCases.first(where: { $0.tokenTypeURI == valueType })
        else {
            return nil
        }
        let record = try await resolution.context(identifier: uri, version: version, now: context.now)
        return ResolvedSymmetricKey(key: record.secret, token: .external(kind: version.tokenTypeURI, identifier: record.identifier))
    }
}
