public import Foundation
import SecurityCore
public import SOAP
import Synchronization
import TesseraCrypto
import WSSecurity
import WSTrust
import X509
import XMLCore
import XMLSecurity

/// The initiator of the WS-SecureConversation flow over any ``SOAPTransport``: establishes a
/// context (steps 1–2, verifying the service's signed response before it trusts the session), then
/// signs and encrypts each request with fresh derived keys and verifies and decrypts each response
/// (steps 3 and 7); renews and cancels the context.
///
/// One client holds one context; concurrent ``send(_:action:)`` calls share it.
public final class SecureConversationClient: Sendable {
    /// What the client knows of its context (never the secret).
    public struct Context: Hashable, Sendable {
        public let identifier: String
        public let instance: String?
        public let expires: Date
        public let version: SecureConversationVersion
    }

    public let configuration: SecureConversationClientConfiguration
    private let transport: any SOAPTransport
    private let current = Mutex<IssuedContext?>(nil)

    public init(configuration: SecureConversationClientConfiguration, transport: any SOAPTransport) {
        self.configuration = configuration
        self.transport = transport
    }

    /// The established context, if any.
    public var context: Context? {
        current.withLock { $0.map(Self.summary) }
    }

    // MARK: Establishing (steps 1–2)

    /// Asks the service for a new context under the bootstrap policy and keeps it. Throws
    /// ``SecureConversationError`` when the service refuses or the response does not verify.
    @discardableResult
    public func establish() async throws -> Context {
        if case .savedContextOnly = configuration.bootstrap {
            throw SecureConversationError(.notEstablished, "this client has no bootstrap: it works under a resumed context only")
        }
        let version = configuration.version
        let trust = version.trustVersion
        let now = configuration.clock.now
        var rst = RequestSecurityToken(version: trust, requestType: .issue)
        rst.context = RandomIdentifier.id("uuid")
        rst.tokenType = version.tokenType
        rst.keySize = configuration.keySize
        rst.appliesTo = configuration.appliesTo.map { AppliesTo(address: $0) }
        let entropy = configuration.provideEntropy ? SecureRandom.bytes(configuration.entropyBytes) : nil
        if let entropy {
            rst.entropy = .binarySecret(BinarySecret(value: entropy, type: trust.binarySecretNonce))
            rst.computedKeyAlgorithm = trust.computedKeyPSHA1
        }
        if let lifetime = configuration.requestedLifetime {
            rst.lifetime = Lifetime(created: now, expires: now.addingTimeInterval(lifetime))
        }
        let action = version.requestAction(.issue)
        let request = SOAPEnvelope(version: configuration.soapVersion)
        let messageID = RandomIdentifier.uuidURN()
        addressing(action: action, messageID: messageID).write(toSecured: request)
        rst.write(into: request.body)

        var builder = SecurityHeaderBuilder()
        builder.clock = configuration.clock
        builder.timestampLifetime = configuration.timestampLifetime
        var credential: X509Credential?
        switch configuration.bootstrap {
        case .x509(let client, let serviceCertificate, _):
            var signature = SecurityHeaderBuilder.SignatureOptions(credential: client)
            signature.parts = [.body, .timestamp, .addressingHeaders]
            builder.signature = signature
            builder.encryption = bootstrapEncryption(for: serviceCertificate)
            credential = client
        case .usernameOverTLS(let username, let password):
            builder.usernameToken = UsernameToken(username: username, password: .text(password), nonce: SecureRandom.bytes(16), created: now)
        case .samlHolderOfKey(let assertion, let client, let serviceCertificate, _):
            builder.samlAssertion = assertion
            var signature = SecurityHeaderBuilder.SignatureOptions(credential: client)
            signature.parts = [.body, .timestamp, .addressingHeaders]
            signature.keyReference = .samlAssertionKeyIdentifier
            builder.signature = signature
            builder.encryption = bootstrapEncryption(for: serviceCertificate)
            credential = client
        case .samlBearerOverTLS(let assertion):
            builder.samlAssertion = assertion
        case .savedContextOnly:
            break  // refused above
        }
        try builder.secure(request)

        let response = try await exchange(request, action: action)
        let confidential = try await verifyBootstrapResponse(response)
        try checkCorrelation(response, messageID: messageID)
        let reader = IssuedContextReader(
            version: version, clientEntropy: entropy, requestedKeySize: configuration.keySize,
            credential: credential, confidential: confidential)
        let issued = try reader.context(from: try reader.response(in: response.bodyPayload), now: now)
        current.withLock { $0 = issued }
        return Self.summary(issued)
    }

    /// The RST's Body encrypted for the service with
    /// ``SecureConversationClientConfiguration/bootstrapEncryption``.
    private func bootstrapEncryption(for serviceCertificate: Certificate) -> SecurityHeaderBuilder.EncryptionOptions {
        var encryption = SecurityHeaderBuilder.EncryptionOptions(recipient: serviceCertificate)
        encryption.algorithm = configuration.bootstrapEncryption
        return encryption
    }

    /// Checks the response to the RST; returns whether its Body arrived confidentially.
    private func verifyBootstrapResponse(_ response: SOAPEnvelope) async throws -> Bool {
        guard let (credential, serviceCertificate, trustStore) = configuration.bootstrap.messageSecurity else {
            return true  // TLS carried it; nothing at the message level to check.
        }
        var inbound = configuration.inbound
        inbound.trustStore = trustStore
        inbound.decryptionCredentials = [credential]
        var policy = SecurityPolicy()
        policy.signedParts = [.body, .timestamp, .addressingHeaders]
        policy.encryptedParts = [.body]
        policy.authentication = .x509Signature
        do {
            let security = try await WSSecurityEngine(configuration: inbound, policy: policy).process(response)
            // The policy required Body, Timestamp and addressing headers (RelatesTo) to be
            // signed by the one certificate that signed the Body: it must be the service's.
            guard security.authenticatedCertificate == serviceCertificate else {
                throw SecureConversationError(.responseRejected, "the response is not signed by the service")
            }
        } catch let error as WSSecurityError {
            throw SecureConversationError(.responseRejected, error.reason)
        }
        return true
    }

    // MARK: Using the context (steps 3 and 7)

    /// Secures `request` (its Body holds the payload) with the context, sends it with `action`,
    /// and returns the verified, decrypted response.
    public func send(_ request: SOAPEnvelope, action: String) async throws -> SOAPEnvelope {
        guard let context = current.withLock({ $0 }) else {
            throw SecureConversationError(.notEstablished, "no security context is established")
        }
        return try await send(request, action: action, under: context)
    }

    /// `confidential` forces Body encryption both ways (a renewal's entropies travel there).
    /// `endorsedBy` adds a signature of that proof's key over the plaintext Body and the
    /// Timestamp after the context's own (with its certificate, or referencing its SAML
    /// assertion, which the header then carries), and leaves the request's Body unencrypted (an
    /// Amend's proof of the claims to add).
    func send(
        _ request: SOAPEnvelope, action: String, under context: IssuedContext, confidential: Bool = false,
        endorsedBy endorsement: ContextClaimsProof? = nil
    ) async throws -> SOAPEnvelope {
        let messageID = RandomIdentifier.uuidURN()
        addressing(action: action, messageID: messageID).write(toSecured: request)
        var protector = ContextMessageProtector(
            protection: configuration.protection, timestampLifetime: configuration.timestampLifetime,
            clock: configuration.clock)
        var policy = configuration.responsePolicy
        if confidential {
            protector.protection.encryptBody = true
            policy.requireEncryptedBody = true
        }
        if endorsement != nil { protector.protection.encryptBody = false }
        let signatureValue = try protector.protect(
            request, token: context.token, secret: context.record.secret,
            includeToken: configuration.includeContextToken || context.token.cookie != nil)
        if let endorsement {
            var builder = SecurityHeaderBuilder()
            builder.timestampLifetime = nil
            var signature = SecurityHeaderBuilder.SignatureOptions(credential: endorsement.credential)
            signature.algorithm = .preferred(for: endorsement.credential.privateKey.keyType)
            signature.parts = [.body, .timestamp]
            if case .samlHolderOfKey(let assertion, _) = endorsement {
                // SAML Token Profile 1.1 §3.5.1: the confirmation key signs, referencing the assertion.
                builder.samlAssertion = assertion
                signature.keyReference = .samlAssertionKeyIdentifier
            }
            builder.signature = signature
            try builder.secure(request)
        }
        let response = try await exchange(request, action: action)
        let verifier = ContextMessageVerifier(policy: policy, suite: configuration.protection, inbound: configuration.inbound)
        let verified: VerifiedContextMessage
        do {
            verified = try await verifier.verify(response, source: SessionContextSource(record: context.record))
        } catch let error as WSSecurityError {
            throw SecureConversationError(.responseRejected, error.reason)
        }
        try checkCorrelation(response, messageID: messageID)
        if configuration.requireSignatureConfirmation, !verified.security.signatureConfirmations.contains(signatureValue) {
            throw SecureConversationError(.responseRejected, "the response does not confirm the request's signature")
        }
        return response
    }

    // MARK: Plumbing

    func addressing(action: String, messageID: String) -> AddressingHeaders {
        AddressingHeaders(
            version: .v10, to: configuration.endpoint, action: action, messageID: messageID,
            replyTo: EndpointReference(address: WSAddressingVersion.v10.anonymousAddress))
    }

    /// Sends `request` and parses the answer; a fault becomes
    /// ``SecureConversationError/Code/fault``.
    func exchange(_ request: SOAPEnvelope, action: String) async throws -> SOAPEnvelope {
        let bytes = try await transport.exchange(request.serialize(), version: request.version, action: action)
        let response: SOAPEnvelope
        do {
            response = try SOAPEnvelope(parsing: bytes)
        } catch {
            throw SecureConversationError(.invalidResponse, "the response is not a SOAP envelope")
        }
        if let payload = response.bodyPayload, payload.is("Fault", response.version.namespace) {
            let fault = try? SOAPFault(envelope: response)
            throw SecureConversationError(.fault, fault?.description ?? "the service answered with a fault", fault: fault)
        }
        return response
    }

    /// The response must say it answers this request (WS-Addressing RelatesTo, signed with the
    /// other addressing headers), so a response to another request cannot be passed off as it.
    private func checkCorrelation(_ response: SOAPEnvelope, messageID: String) throws {
        let relatesTo = (try? AddressingHeaders(reading: response))?.relatesTo ?? []
        guard relatesTo.contains(where: { $0.messageID == messageID && $0.relationshipType == nil }) else {
            throw SecureConversationError(.responseRejected, "the response answers another request")
        }
    }

    func replace(_ context: IssuedContext?) {
        current.withLock { $0 = context }
    }

    var issuedContext: IssuedContext? { current.withLock { $0 } }

    static func summary(_ issued: IssuedContext) -> Context {
        Context(identifier: issued.token.identifier, instance: issued.token.instance, expires: issued.record.expires, version: issued.token.version)
    }
}
