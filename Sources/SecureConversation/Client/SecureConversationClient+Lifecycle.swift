import Foundation
import SOAP
import TesseraCrypto
import WSSecurity
import WSTrust
import XMLCore

extension SecureConversationClient {
    /// Renews the context (WS-SC 1.3 §5): an RST/SCT/Renew secured with the current context
    /// (the proof of possession), fresh entropy; the service answers under the current keys with
    /// the same Identifier, a new Instance and a new lifetime, and the client switches to the new
    /// secret.
    @discardableResult
    public func renew() async throws -> Context {
        guard let context = issuedContext else { throw SecureConversationError(.notEstablished, "no security context is established") }
        let version = context.token.version
        let trust = version.trustVersion
        let now = configuration.clock.now
        var rst = RequestSecurityToken(version: trust, requestType: .renew)
        rst.context = RandomIdentifier.id("uuid")
        rst.tokenType = version.tokenType
        rst.keySize = context.record.secret.count * 8
        rst.target = targetReference(context)
        let entropy = configuration.provideEntropy ? SecureRandom.bytes(configuration.entropyBytes) : nil
        if let entropy {
            rst.entropy = .binarySecret(BinarySecret(value: entropy, type: trust.binarySecretNonce))
            rst.computedKeyAlgorithm = trust.computedKeyPSHA1
        }
        if let lifetime = configuration.requestedLifetime {
            rst.lifetime = Lifetime(created: now, expires: now.addingTimeInterval(lifetime))
        }
        let request = SOAPEnvelope(version: configuration.soapVersion)
        rst.write(into: request.body)
        // A service may renew a context after it expired (WS-SC 1.3 §8): its answer, under the
        // context's keys and correlated with this request, is accepted however late it is.
        var renewable = context.record
        renewable.expires = .distantFuture
        let response = try await send(
            request, action: version.requestAction(.renew), under: IssuedContext(token: context.token, record: renewable), confidential: true)

        let reader = IssuedContextReader(
            version: version, clientEntropy: entropy, requestedKeySize: rst.keySize ?? 256,
            credential: nil, confidential: true)
        let renewed = try reader.context(from: try reader.response(in: response.bodyPayload), now: now)
        guard renewed.token.identifier == context.token.identifier else {
            throw SecureConversationError(.invalidResponse, "the renewed context has another Identifier")
        }
        replace(renewed)
        return Self.summary(renewed)
    }

    /// Cancels the context (WS-SC 1.3 §6): an RST/SCT/Cancel secured with it; once the service
    /// confirms, the client forgets the context.
    public func cancel() async throws {
        guard let context = issuedContext else { throw SecureConversationError(.notEstablished, "no security context is established") }
        let version = context.token.version
        var rst = RequestSecurityToken(version: version.trustVersion, requestType: .cancel)
        rst.context = RandomIdentifier.id("uuid")
        rst.target = targetReference(context)
        let request = SOAPEnvelope(version: configuration.soapVersion)
        rst.write(into: request.body)
        let response = try await send(request, action: version.requestAction(.cancel), under: context)
        let reader = IssuedContextReader(version: version, clientEntropy: nil, requestedKeySize: 0, credential: nil, confidential: false)
        guard try reader.response(in: response.bodyPayload).requestedTokenCancelled else {
            throw SecureConversationError(.invalidResponse, "the service did not confirm the cancellation")
        }
        replace(nil)
    }

    /// A SecurityTokenReference to the context by Identifier, for RenewTarget and CancelTarget.
    private func targetReference(_ context: IssuedContext) -> XMLElement {
        let holder = XMLDocument(rootLocalName: "Target", namespace: nil)
        return SecurityTokenReference.write(context.token.unattachedReference, into: holder.root)
    }
}
