public import Foundation
public import SecurityCore
public import SOAP
import WSSecurity
public import X509
public import XMLSecurity

/// How a client authenticates when it establishes a context (the bootstrap policy's client half).
public enum ClientBootstrap: Sendable {
    /// Sign the RST with `credential` and encrypt its Body (with the entropy) for
    /// `serviceCertificate`; accept only a response whose Body `serviceCertificate` signed (it
    /// must validate against `trustStore`) and that is encrypted for `credential`.
    case x509(credential: X509Credential, serviceCertificate: Certificate, trustStore: X509TrustStore)
    /// A UsernameToken with the password in text, over TLS only: the response is taken as the
    /// TLS connection delivered it, without message-level checks.
    case usernameOverTLS(username: String, password: String)
    /// A holder-of-key SAML assertion issued to this client (serialized as its STS returned it),
    /// carried in the RST's header: `credential`, whose certificate the assertion confirms,
    /// signs the Body, Timestamp and WS-Addressing headers with a reference to the assertion
    /// (SAML Token Profile 1.1 §3.5.1); the Body is encrypted for `serviceCertificate`, and the
    /// response is checked as for ``x509(credential:serviceCertificate:trustStore:)``.
    case samlHolderOfKey(assertion: [UInt8], credential: X509Credential, serviceCertificate: Certificate, trustStore: X509TrustStore)
    /// A bearer SAML assertion carried in the RST's header, over TLS only: the response is taken
    /// as the TLS connection delivered it.
    case samlBearerOverTLS(assertion: [UInt8])
    /// No bootstrap: the client works only under a context it resumes
    /// (``SecureConversationClient/resume(_:)``), and ``SecureConversationClient/establish()``
    /// throws ``SecureConversationError/Code/notEstablished``.
    case savedContextOnly
}

extension ClientBootstrap {
    /// The client's key and what a signed, encrypted bootstrap response must show; nil for the
    /// bootstraps that leave the response to TLS.
    var messageSecurity: (credential: X509Credential, serviceCertificate: Certificate, trustStore: X509TrustStore)? {
        switch self {
        case .x509(let credential, let serviceCertificate, let trustStore),
            .samlHolderOfKey(_, let credential, let serviceCertificate, let trustStore):
            (credential, serviceCertificate, trustStore)
        case .usernameOverTLS, .samlBearerOverTLS, .savedContextOnly:
            nil
        }
    }
}

/// Everything a ``SecureConversationClient`` needs. Defaults: WS-SC 1.3 over SOAP 1.2, a
/// 256-bit computed key from both sides' entropy, Basic256 protection (HMAC-SHA1 and
/// AES-256-CBC under derived keys), contexts referenced by Identifier.
public struct SecureConversationClientConfiguration: Sendable {
    /// The service address (`wsa:To`).
    public var endpoint: String
    public var bootstrap: ClientBootstrap
    /// The service the context is for, sent as the RST's AppliesTo when a token service issues
    /// it (WS-SC 1.3 §3); nil asks ``endpoint`` for a context of its own.
    public var appliesTo: String?
    public var version: SecureConversationVersion = .v13
    public var soapVersion: SOAPVersion = .v12
    /// The KeySize asked for, in bits.
    public var keySize = 256
    /// Send client entropy (the secret is then P_SHA1 of both entropies); without it the service
    /// makes the secret alone.
    public var provideEntropy = true
    public var entropyBytes = 32
    /// How long to ask the context to live; nil leaves it to the service.
    public var requestedLifetime: TimeInterval?
    /// How the RST's Body is encrypted for the service (X.509 and holder-of-key bootstraps):
    /// AES-256-GCM by default (XML-Enc 1.1 §5.2.4: authenticated, so altered ciphertext never
    /// decrypts); the service answers in GCM too. Choose AES-256-CBC only for a service that
    /// does not accept GCM.
    public var bootstrapEncryption: BlockEncryptionAlgorithm = .aes256GCM
    /// How requests are signed and encrypted.
    public var protection: MessageProtection = .basic256
    /// What responses under the context must show.
    public var responsePolicy = ContextMessagePolicy()
    /// Carry the SecurityContextToken in every request (cookie contexts always do).
    public var includeContextToken = false
    /// Require the response to confirm the request's signature (WSS 1.1 SignatureConfirmation).
    public var requireSignatureConfirmation = false
    public var clock: TimeSource = .system
    public var clockSkew: TimeInterval = 300
    public var timestampMaxAge: TimeInterval = 300
    public var timestampLifetime: TimeInterval = 300
    /// Remembers response signature values and derived-key nonces.
    public var replayCache: any ReplayCache = InMemoryReplayCache()

    public init(endpoint: String, bootstrap: ClientBootstrap) {
        self.endpoint = endpoint
        self.bootstrap = bootstrap
    }

    var inbound: InboundSecurityConfiguration {
        var inbound = InboundSecurityConfiguration()
        inbound.clock = clock
        inbound.clockSkew = clockSkew
        inbound.timestampMaxAge = timestampMaxAge
        inbound.replayCache = replayCache
        return inbound
    }
}
