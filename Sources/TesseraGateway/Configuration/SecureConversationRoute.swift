import Foundation
import SecureConversation
import SOAP
import X509

/// A route's validated `secure-conversation` binding: how its contexts are established, with
/// which provider certificate, version and algorithm suite, and when they are renewed.
struct SecureConversationRoute: Sendable {
    /// How the gateway authenticates its RST/SCT.
    enum Bootstrap: String, Sendable, CaseIterable {
        /// A holder-of-key SAML assertion the STS issued for the consumer's identity, confirmed
        /// by the gateway's certificate (SAML Token Profile 1.1 §3.5.1): the provider's context
        /// belongs to the consumer.
        case samlHolderOfKey = "saml-holder-of-key"
        /// The gateway's X.509 key: the provider's context belongs to the gateway.
        case x509
    }

    let bootstrap: Bootstrap
    let providerCertificate: Certificate
    let version: SecureConversationVersion
    let soapVersion: SOAPVersion
    let protection: MessageProtection
    /// Asked for in the RST; nil leaves it to the provider.
    let tokenLifetime: TimeInterval?
    let renewalFraction: Double
    let renewalWindow: TimeInterval?
    let cancelOnShutdown: Bool
}
