import Foundation
import SecurityCore
import SOAP
import TesseraClient
import TesseraServer
import WSSecurity
import WSTrust
import X509

/// Which consumer UsernameToken a route accepts.
public enum ConsumerForm: String, Sendable, Hashable, CaseIterable {
    /// A Username without password: an identity assertion, accepted only from a trusted consumer.
    case identityAssertion = "identity-assertion"
    /// A UsernameToken with a password (text over TLS, or digest): the STS checks it.
    case password
}

/// How the gateway's signature references the assertion it vouches for (SAML Token Profile 1.1
/// §3.5.1).
public enum AssertionSigningForm: String, Sendable, Hashable, CaseIterable {
    /// A `wsse:SecurityTokenReference` to the assertion (a `#SAMLID` KeyIdentifier) in the
    /// header and a `ds:Reference` to it with the STR Dereference Transform (WSS 1.1 §8.3): the
    /// form WSS4J/CXF sign and expect for sender-vouches. The default.
    case strTransform = "str-transform"
    /// A `ds:Reference URI="#<assertion ID>"`, as WCF/CoreWCF providers and CXF with the
    /// STR Transform off expect.
    case direct
}

/// A validated configuration, every file read and every name turned into its type: what
/// ``buildGatewayApplication(configuration:environment:)`` runs on.
struct GatewaySettings: Sendable {
    struct Route: Sendable {
        let name: String
        let path: String
        let addressingTo: Set<String>
        let provider: String
        let appliesTo: String
        let stsEndpoint: String
        let stsCertificate: Certificate
        /// What the STS's TLS certificate must chain to; empty: the system's trust store.
        let stsTLSRoots: [Certificate]
        let trustVersion: WSTrustVersion
        let stsSOAPVersion: SOAPVersion
        let tokenType: TokenType?
        let bearerKeyType: Bool
        let timeout: Duration
        let consumerForm: ConsumerForm
        let trustedNetworks: [IPNetwork]
        let trustClientCertificates: Bool
        let signingForm: AssertionSigningForm
        /// The `secure-conversation` binding; nil for the token-swapping bindings.
        let secureConversation: SecureConversationRoute?
    }

    let listen: GatewayConfiguration.Listen
    let tls: GatewayConfiguration.TLS?
    let maxRequestBytes: Int
    let maxResponseBytes: Int
    let credential: X509Credential
    let cache: TokenCachePolicy
    let routes: [Route]
}
