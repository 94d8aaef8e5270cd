import Foundation
import SOAP
import StoreProtocols
import WSSecurity
import XMLCore
import XMLSecurity

/// A message verified and decrypted under a context, and the context that signed it.
struct VerifiedContextMessage {
    let security: SecurityHeaderResult
    let context: SecurityContextRecord
    /// The WS-SC version of the tokens the message was signed with (answers use it).
    let version: SecureConversationVersion
    /// Whether the Body arrived encrypted with AES-GCM: the sender accepts GCM, so the reply uses
    /// it.
    var senderUsesGCM: Bool {
        security.decryptions.contains { $0.algorithm.mode == .gcm }
    }
}

/// Processes the security header of a message secured with a context (steps 4–5 of the
/// secure-conversation flow; the client uses it for responses too) through the WS-Security engine
/// with the WS-SecureConversation processors plugged in, then checks ``ContextMessagePolicy``: the
/// context is whichever one signed the Body, and it alone must have signed every required part.
struct ContextMessageVerifier: Sendable {
    var policy: ContextMessagePolicy
    /// The algorithm suite in use: the algorithms a message may be signed and encrypted with.
    var suite: MessageProtection
    /// The engine's settings (clock, skew, timestamp age, replay cache); its token processors and
    /// symmetric key resolver are replaced per message.
    var inbound: InboundSecurityConfiguration

    func verify(_ envelope: SOAPEnvelope, source: any SecurityContextSource) async throws -> VerifiedContextMessage {
        let resolution = ContextResolution(source: source)
        var configuration = inbound
        configuration.tokenProcessors = [
            SecurityContextTokenProcessor(resolution: resolution),
            DerivedKeyTokenProcessor(resolution: resolution, replayCache: inbound.replayCache, clockSkew: inbound.clockSkew),
        ]
        configuration.symmetricKeyResolver = ContextReferenceResolver(resolution: resolution)
        var engine = SecurityPolicy()
        engine.requireTimestamp = true
        engine.signedParts = policy.requireSignedAddressingHeaders ? [.body, .timestamp, .addressingHeaders] : [.body, .timestamp]
        engine.encryptedParts = policy.requireEncryptedBody ? [.body] : []
        engine.authentication = .none  // decided below: by a context key, not X.509 or a password
        engine.allowsSeveralSigners = policy.allowsEndorsingSignatures
        engine.allowedSignatureAlgorithms = policy.signatureAlgorithms(for: suite)
        let security = try await WSSecurityEngine(configuration: configuration, policy: engine).process(envelope)
        let encryption = policy.encryptionAlgorithms(for: suite)
        if let refused = security.decryptions.first(where: { !encryption.contains($0.algorithm) }) {
            throw WSSecurityError(.unsupportedAlgorithm, "the encryption algorithm \(refused.algorithm) is not accepted")
        }
        return try contextAuthentication(security, envelope: envelope, resolution: resolution)
    }

    private func contextAuthentication(
        _ security: SecurityHeaderResult, envelope: SOAPEnvelope,
        resolution: ContextResolution
    ) throws -> VerifiedContextMessage {
        // What must be signed with the context's key, the Body first.
        var required = [envelope.body] + (security.timestamp.map { [$0.element] } ?? [])
        if policy.requireSignedAddressingHeaders {
            required += envelope.headerBlocks.filter(WSAddressingVersion.isAddressingElement)
        }
        // The signatures made with a context key, each with which of `required` it covers (the
        // processed signatures are large values: read in place, never copied per check).
        let signedByContext = security.signatures.withUnsafeBufferPointer { signatures in
            signatures.compactMap { processed -> (identifier: String, version: SecureConversationVersion, covers: [Bool])? in
                guard case .external(let kind, let identifier) = processed.token, let version = version(ofKeyKind: kind) else {
                    return nil
                }
                return (identifier, version, required.map { processed.verified.covers($0) })
            }
        }
        let bodySigners = Set(signedByContext.filter { $0.covers[0] }.map(\.identifier))
        guard bodySigners.count == 1, let identifier = bodySigners.first, let resolved = resolution[identifier] else {
            throw WSSecurityError(.failedAuthentication, "the Body is not signed with the key of one security context")
        }
        let mine = signedByContext.filter { $0.identifier == identifier }
        for (position, element) in required.enumerated() where !mine.contains(where: { $0.covers[position] }) {
            throw WSSecurityError(.invalidSecurity, "\(element.localName) must be signed with the security context's key")
        }
        let signedVersion = mine.first { $0.covers[0] }?.version ?? resolved.version
        return VerifiedContextMessage(security: security, context: resolved.record, version: signedVersion)
    }

    /// The version whose derived-key ValueType (or, when the policy allows it, token type) `kind`
    /// is.
    private func version(ofKeyKind kind: String) -> SecureConversationVersion? {
        SecureConversationVersion.allCases.first { version in
            kind == version.derivedKeyValueType || (!policy.requireDerivedKeys && kind == version.tokenTypeURI)
        }
    }
}
