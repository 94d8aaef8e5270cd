import Foundation
import SecureConversation
import SecurityCore
import SOAP
import WSSecurity
import XMLCore

/// What a route's security context with its provider is kept under: the consumer's identity in
/// the realm its admission gave it, and the provider.
struct SecureConversationContextKey: Hashable, Sendable {
    let username: String
    let realm: String
    let provider: String
}

/// The `secure-conversation` outbound binding: the consumer's request goes to the provider under
/// a security context (WS-SecureConversation 1.3 §3) kept per identity and provider in a
/// ``SecureConversation/SecureConversationContextCache``, signed and encrypted with keys derived
/// from it (§7); the provider's answer is verified and decrypted with the context's keys and
/// relayed in the consumer's SOAP version, its Body only. The context is established with a
/// holder-of-key SAML assertion the STS issued for the consumer's identity and the gateway's
/// key (SAML Token Profile 1.1 §3.5.1), or with the gateway's X.509 key, as the route says;
/// renewed before it expires, established again when the provider no longer knows it, and
/// cancelled when the gateway stops (``shutdown()``).
///
/// Only the Body and the consumer's header blocks for the ultimate receiver go on (the latter
/// only when both sides speak the same SOAP version); the consumer's security and addressing
/// headers are replaced by the context's.
///
/// A class: the route's forwarder and each request's closures share one instead of copying its
/// settings (and retaining each of their strings) per request.
final class SecureConversationBinding: Sendable {
    let route: GatewaySettings.Route
    let settings: SecureConversationRoute
    let credential: X509Credential
    let contexts: SecureConversationContextCache<SecureConversationContextKey>
    let transport: ProviderSOAPTransport
    let clock: TimeSource

    init(
        route: GatewaySettings.Route, settings: SecureConversationRoute, credential: X509Credential,
        contexts: SecureConversationContextCache<SecureConversationContextKey>, transport: ProviderSOAPTransport, clock: TimeSource
    ) {
        self.route = route
        self.settings = settings
        self.credential = credential
        self.contexts = contexts
        self.transport = transport
        self.clock = clock
    }

    /// Makes the SC client the provider's context is established with, for the assertion that
    /// `assertion` fetches (the `saml-holder-of-key` bootstrap).
    typealias AssertionSource = @Sendable () async throws(GatewayError) -> IssuedAssertion

    /// Sends `envelope`'s Body under the context of `username` in `realm` (nil: an identity that
    /// is never cached, for which a context is established, used once and cancelled) and returns
    /// the provider's answer in the consumer's version: its result, or its fault.
    ///
    /// - Throws: ``GatewayError`` `tokenUnavailable`/`tokenRefused` from the STS,
    ///   `providerUnavailable` when the provider did not answer in time,
    ///   `invalidProviderResponse` for an answer that does not verify under the context.
    func forward(
        _ envelope: SOAPEnvelope, username: String, realm: String?, action: String?, assertion: @escaping AssertionSource
    ) async throws(GatewayError) -> ProviderAnswer {
        guard let action, !action.isEmpty else {
            throw GatewayError(.malformedRequest, "a request under a secure conversation needs an action")
        }
        let makeClient: SecureConversationContextCache<SecureConversationContextKey>.MakeClient = { [self] in
            let bootstrap = try await bootstrap(assertion)
            return client(bootstrap: bootstrap)
        }
        do {
            let response: SOAPEnvelope
            if let realm {
                let key = SecureConversationContextKey(username: username, realm: realm, provider: route.provider)
                response = try await contexts.send(for: key, action: action, makeClient: makeClient) { outboundRequest(envelope) }
            } else {
                response = try await once(action: action, makeClient: makeClient) { outboundRequest(envelope) }
            }
            return answer(relaying: response.body.children, fault: nil, version: envelope.version)
        } catch let error as GatewayError {
            throw error
        } catch let error as SecureConversationError where error.code == .fault {
            // Faults are not signed (WS-SC has no way to protect them): relayed for what they say.
            let fault = error.fault ?? SOAPFault(code: .receiver, reason: "The provider answered with a fault")
            let relayed = fault.envelope(envelope.version)
            return ProviderAnswer(body: relayed.serialize(), version: envelope.version, fault: fault)
        } catch let error as SecureConversationError {
            throw GatewayError(.invalidProviderResponse, "the provider's answer under the security context was refused: \(error)")
        } catch {
            throw GatewayError(.providerUnavailable, "the exchange with the provider failed: \(error)")
        }
    }

    /// Cancels the route's contexts when the route's settings ask for it.
    func shutdown() async {
        await contexts.shutdown()
    }

    // MARK: Parts

    private func bootstrap(_ assertion: AssertionSource) async throws(GatewayError) -> ClientBootstrap {
        let trust = X509TrustStore(anchors: [], pinned: [settings.providerCertificate])
        switch settings.bootstrap {
        case .x509:
            return .x509(credential: credential, serviceCertificate: settings.providerCertificate, trustStore: trust)
        case .samlHolderOfKey:
            let issued = try await assertion()
            return .samlHolderOfKey(
                assertion: issued.bytes, credential: credential, serviceCertificate: settings.providerCertificate, trustStore: trust)
        }
    }

    private func client(bootstrap: ClientBootstrap) -> SecureConversationClient {
        var configuration = SecureConversationClientConfiguration(endpoint: route.provider, bootstrap: bootstrap)
        configuration.version = settings.version
        configuration.soapVersion = settings.soapVersion
        configuration.protection = settings.protection
        configuration.requestedLifetime = settings.tokenLifetime
        configuration.clock = clock
        return SecureConversationClient(configuration: configuration, transport: transport)
    }

    /// A context for one request only: established, used, cancelled.
    private func once(
        action: String, makeClient: SecureConversationContextCache<SecureConversationContextKey>.MakeClient,
        request: () -> SOAPEnvelope
    ) async throws -> SOAPEnvelope {
        let client = try await makeClient()
        try await client.establish()
        let response: SOAPEnvelope
        do {
            response = try await client.send(request(), action: action)
        } catch {
            try? await client.cancel()
            throw error
        }
        try? await client.cancel()
        return response
    }

    /// The request to the provider: the consumer's Body in the provider's SOAP version, with the
    /// consumer's header blocks other than security and addressing when the versions agree.
    private func outboundRequest(_ envelope: SOAPEnvelope) -> SOAPEnvelope {
        let request = SOAPEnvelope(version: settings.soapVersion)
        if envelope.version == settings.soapVersion {
            for block in envelope.headerBlocks where Self.forwards(block) {
                request.ensureHeader().addCopy(of: block)
            }
        }
        for child in envelope.body.children { request.body.addCopy(of: child) }
        return request
    }

    /// Whether a consumer's header block goes on to the provider: those in the namespaces of the
    /// headers the context's replace, security and addressing, do not.
    static func forwards(_ block: XMLElement) -> Bool {
        !replacedNamespaces.contains(where: block.isInNamespace)
    }

    private static let replacedNamespaces = [WSSNamespace.secext, WSSNamespace.utility] + WSAddressingVersion.allCases.map(\.namespace)

    /// The provider's verified, decrypted Body content in an envelope of the consumer's version.
    private func answer(relaying content: [XMLElement], fault: SOAPFault?, version: SOAPVersion) -> ProviderAnswer {
        let reply = SOAPEnvelope(version: version)
        for child in content { reply.body.addCopy(of: child) }
        return ProviderAnswer(body: reply.serialize(), version: version, fault: fault)
    }
}
