public import SAML
import SecurityCore
public import X509

/// Who a message accepted by ``SAMLTokenPolicy`` speaks for, read from the assertion its
/// trusted issuer signed.
public struct SAMLAuthenticatedSubject {
    /// How the subject was confirmed (WSS SAML Token Profile 1.1 §3.4, §3.5; SAML 2.0 Core §2.4.1).
    public enum Confirmation {
        /// Sender-vouches: this attesting entity (a gateway) signed the assertion, the Body and
        /// the Timestamp in one signature.
        case senderVouches(attestingEntity: Certificate)
        /// Holder-of-key: the key of this certificate, named by the assertion, signed the Body
        /// and the Timestamp.
        case holderOfKey(Certificate)
        /// Bearer, presented over TLS.
        case bearer
    }

    /// One attribute of the assertion's attribute statements (SAML 2.0 Core §2.7.3).
    public struct Attribute: Hashable, Sendable {
        public let name: String
        public let values: [String]
    }

    /// The subject's NameID (SAML 2.0 Core §2.4) or NameIdentifier (SAML 1.1).
    public let name: String
    /// The assertion's Issuer.
    public let issuer: String
    /// The attributes of every attribute statement, in document order.
    public let attributes: [Attribute]
    public let confirmation: Confirmation
    /// The validated assertion, for anything else the service reads from it.
    public let assertion: ValidatedSAMLAssertion
    /// The processed security header, for a service that requires more than the policy (other
    /// signed header blocks, say): what each signature covers and with which key.
    public let security: SecurityHeaderResult

    init(assertion: ValidatedSAMLAssertion, name: String, confirmation: Confirmation, security: SecurityHeaderResult) {
        self.name = name
        self.issuer = assertion.facts.issuer
        self.attributes =
            switch assertion.assertion {
            case .saml20(let model): model.attributeStatements.flatMap(\.attributes).map { Attribute(name: $0.name, values: $0.values) }
            case .saml11(let model): model.attributeStatements.flatMap(\.attributes).map { Attribute(name: $0.name, values: $0.values) }
            }
        self.confirmation = confirmation
        self.assertion = assertion
        self.security = security
    }

    /// The values of the attribute `name`, empty when the assertion does not carry it.
    public func values(of name: String) -> [String] {
        attributes.filter { $0.name == name }.flatMap(\.values)
    }
}
