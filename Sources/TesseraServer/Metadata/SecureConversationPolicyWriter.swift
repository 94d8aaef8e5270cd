import SOAP
import SecureConversation
import WSTrust
import XMLSecurity
import XMLCore

/// The WS-SecurityPolicy policy of a secure-conversation endpoint, as WCF and CXF publish it
/// for a service that issues its own contexts: a SymmetricBinding whose protection token is a
/// SecureConversationToken with derived keys, the lifecycle bindings the service answers
/// (`MustNotSendRenew`, `MustNotSendAmend` when it does not), and a BootstrapPolicy nesting the
/// policy the RST/SCT must meet:
/// - `x509`: an AsymmetricBinding with X.509 initiator and recipient tokens, the Body signed and
///   encrypted (WS-SP 1.2 §7.5);
/// - `username-over-tls`: a TransportBinding over HTTPS with a UsernameToken as signed supporting
///   token (§7.3, §8.2);
/// - `issued-saml`: an AsymmetricBinding whose initiator token is an IssuedToken for a SAML
///   assertion confirmed by the requestor's key (§5.4.2), and, where an issuer's bearer
///   assertions are accepted, the alternative of a TransportBinding with the IssuedToken as
///   signed supporting token.
///
/// The policy has one alternative per WS-SC version the service answers, each saying which
/// SecurityContextToken it is for, in the WS-SecurityPolicy version WCF pairs with it:
/// WS-SC 1.3 in WS-SP 1.2 with `sp:SC13SecurityContextToken` (WS-SP 1.2 §5.4.7) and `Trust13`;
/// the February 2005 draft in WS-SP 1.1 (namespace `…/ws/2005/07/securitypolicy`) with
/// `sp:SC10SecurityContextToken` (its SecureConversationToken assertion) and `Trust10`. WS-SP 1.1 has no
/// `MustNotSendRenew` or `MustNotSendAmend`, and its HttpsToken says `RequireClientCertificate`
/// instead of nesting a policy. The algorithm suite is the one the service protects
/// messages with, and both levels carry the Wss11 and Trust assertions. Messages name their parts
/// in input and output policies, one alternative per version too: Body and addressing headers
/// signed, Body encrypted.
struct SecureConversationPolicyWriter {
    /// What a client must show to establish a context.
    enum Bootstrap: Hashable {
        case x509
        case usernameOverTLS
        case issuedSAML(acceptsBearer: Bool)
    }

    var bootstrap: Bootstrap
    /// The WS-SP algorithm suite name (`Basic256`, `Basic128`, `Basic256Sha256`, …).
    var algorithmSuite: String
    /// The WS-SC versions the service answers, an alternative each, in this order.
    var versions: [SecureConversationVersion]
    var renews: Bool
    var amends: Bool
    var requiresDerivedKeys: Bool
    var signatureConfirmation: Bool

    static let bindingPolicyID = "Tessera_SecureConversation_policy"
    static let messagePolicyID = "Tessera_SecureConversation_Message_policy"

    private static let wsp = MetadataNamespace.policy
    private static let addressingHeaders = ["To", "From", "FaultTo", "ReplyTo", "MessageID", "RelatesTo", "Action"]

    /// The WS-SecurityPolicy namespace the alternative for `version` is written in.
    static func securityPolicy(for version: SecureConversationVersion) -> String {
        switch version {
        case .v13: MetadataNamespace.securityPolicy12
        case .v200502: MetadataNamespace.securityPolicy2005
        }
    }

    /// Writes the binding's policy as a `wsp:Policy` child of `parent`.
    func writeBindingPolicy(into parent: XMLElement) {
        let choice = Self.policyChoice(parent, id: Self.bindingPolicyID)
        for version in versions {
            Alternative(writer: self, version: version).writeBinding(into: choice.addChild("All", Self.wsp, prefix: "wsp"))
        }
    }

    /// Writes the policy of every input and output message: Body and WS-Addressing headers
    /// signed, Body encrypted (the ``SecureConversation/ContextMessagePolicy``).
    func writeMessagePolicy(into parent: XMLElement) {
        let choice = Self.policyChoice(parent, id: Self.messagePolicyID)
        for version in versions {
            Alternative(writer: self, version: version).writeParts(into: choice.addChild("All", Self.wsp, prefix: "wsp"))
        }
    }

    /// A `wsp:Policy` with `id` under `parent`, and its `wsp:ExactlyOne`.
    private static func policyChoice(_ parent: XMLElement, id: String) -> XMLElement {
        let policy = parent.addChild("Policy", wsp, prefix: "wsp")
        policy.setAttribute("Id", MetadataNamespace.utility, prefix: "wsu", value: id)
        return policy.addChild("ExactlyOne", wsp, prefix: "wsp")
    }

    /// The alternative for one WS-SC version, in its WS-SecurityPolicy version.
    private struct Alternative {
        let writer: SecureConversationPolicyWriter
        let version: SecureConversationVersion
        let sp: String

        init(writer: SecureConversationPolicyWriter, version: SecureConversationVersion) {
            self.writer = writer
            self.version = version
            sp = SecureConversationPolicyWriter.securityPolicy(for: version)
        }

        private var wsp: String { SecureConversationPolicyWriter.wsp }

        func writeBinding(into all: XMLElement) {
            let binding = nested(all, "SymmetricBinding")
            let protection = nested(binding, "ProtectionToken")
            let token = protection.addChild("SecureConversationToken", sp, prefix: "sp")
            token.setAttribute("IncludeToken", sp, prefix: "sp", value: "\(sp)/IncludeToken/AlwaysToRecipient")
            let tokenPolicy = token.addChild("Policy", wsp, prefix: "wsp")
            if writer.requiresDerivedKeys { assertion(tokenPolicy, "RequireDerivedKeys") }
            switch version {
            case .v13:
                assertion(tokenPolicy, "SC13SecurityContextToken")
                if !writer.renews { assertion(tokenPolicy, "MustNotSendRenew") }
                if !writer.amends { assertion(tokenPolicy, "MustNotSendAmend") }
            case .v200502:
                assertion(tokenPolicy, "SC10SecurityContextToken")
            }
            writeBootstrap(into: nested(tokenPolicy, "BootstrapPolicy"))
            writeSuite(into: binding, layout: "Strict")
            assertion(binding, "IncludeTimestamp")
            assertion(binding, "OnlySignEntireHeadersAndBody")
            writeWss11(into: all)
            writeTrust(into: all)
            let addressing = all.addChild("Addressing", MetadataNamespace.addressingMetadata, prefix: "wsam")
            addressing.addChild("Policy", wsp, prefix: "wsp")
        }

        // MARK: Bootstrap

        /// A bootstrap alternative under the asymmetric binding (signed parts, the service's
        /// certificate as recipient token, strict layout, Timestamp, WSS 1.1, Trust):
        /// `writeInitiatorToken` writes what the initiator signs with.
        private func writeAsymmetricAlternative(into all: XMLElement, writeInitiatorToken: (XMLElement) -> Void) {
            writeParts(into: all)
            let binding = nested(all, "AsymmetricBinding")
            writeInitiatorToken(nested(binding, "InitiatorToken"))
            x509Token(into: nested(binding, "RecipientToken"), include: "Never")
            writeSuite(into: binding, layout: "Strict")
            assertion(binding, "IncludeTimestamp")
            assertion(binding, "OnlySignEntireHeadersAndBody")
            writeWss11(into: all)
            writeTrust(into: all)
        }

        private func writeBootstrap(into policy: XMLElement) {
            switch writer.bootstrap {
            case .x509:
                let all = policy.addChild("ExactlyOne", wsp, prefix: "wsp").addChild("All", wsp, prefix: "wsp")
                writeAsymmetricAlternative(into: all) { x509Token(into: $0, include: "AlwaysToRecipient") }
            case .usernameOverTLS:
                let all = policy.addChild("ExactlyOne", wsp, prefix: "wsp").addChild("All", wsp, prefix: "wsp")
                writeTransportBinding(into: all)
                let supporting = nested(all, "SignedSupportingTokens")
                let username = supporting.addChild("UsernameToken", sp, prefix: "sp")
                username.setAttribute("IncludeToken", sp, prefix: "sp", value: "\(sp)/IncludeToken/AlwaysToRecipient")
                assertion(username.addChild("Policy", wsp, prefix: "wsp"), "WssUsernameToken10")
                writeTrust(into: all)
            case .issuedSAML(let acceptsBearer):
                let choice = policy.addChild("ExactlyOne", wsp, prefix: "wsp")
                let holderOfKey = choice.addChild("All", wsp, prefix: "wsp")
                writeAsymmetricAlternative(into: holderOfKey) { issuedToken(into: $0, keyType: "PublicKey") }
                if acceptsBearer {
                    let bearer = choice.addChild("All", wsp, prefix: "wsp")
                    writeTransportBinding(into: bearer)
                    issuedToken(into: nested(bearer, "SignedSupportingTokens"), keyType: "Bearer")
                    writeTrust(into: bearer)
                }
            }
        }

        private func writeTransportBinding(into all: XMLElement) {
            let binding = nested(all, "TransportBinding")
            let https = nested(binding, "TransportToken").addChild("HttpsToken", sp, prefix: "sp")
            switch version {
            case .v13: https.addChild("Policy", wsp, prefix: "wsp")
            case .v200502: https.setAttribute("RequireClientCertificate", value: "false")
            }
            writeSuite(into: binding, layout: "Lax")
            assertion(binding, "IncludeTimestamp")
        }

        // MARK: Shared assertions

        func writeParts(into all: XMLElement) {
            let signed = all.addChild("SignedParts", sp, prefix: "sp")
            assertion(signed, "Body")
            for name in SecureConversationPolicyWriter.addressingHeaders {
                let header = signed.addChild("Header", sp, prefix: "sp")
                header.setAttribute("Name", value: name)
                header.setAttribute("Namespace", value: MetadataNamespace.addressing)
            }
            assertion(all.addChild("EncryptedParts", sp, prefix: "sp"), "Body")
        }

        private func writeSuite(into binding: XMLElement, layout: String) {
            assertion(nested(binding, "AlgorithmSuite"), writer.algorithmSuite)
            assertion(nested(binding, "Layout"), layout)
        }

        private func writeWss11(into all: XMLElement) {
            let wss11 = nested(all, "Wss11")
            for reference in ["MustSupportRefKeyIdentifier", "MustSupportRefIssuerSerial", "MustSupportRefThumbprint", "MustSupportRefEncryptedKey"] {
                assertion(wss11, reference)
            }
            if writer.signatureConfirmation { assertion(wss11, "RequireSignatureConfirmation") }
        }

        /// `Trust13` (WS-SP 1.2 §10.1) or `Trust10` (WS-SP 1.1).
        private func writeTrust(into all: XMLElement) {
            let trust = nested(all, version == .v13 ? "Trust13" : "Trust10")
            for assertion in ["MustSupportIssuedTokens", "RequireClientEntropy", "RequireServerEntropy"] {
                self.assertion(trust, assertion)
            }
        }

        private func x509Token(into parent: XMLElement, include: String) {
            let token = parent.addChild("X509Token", sp, prefix: "sp")
            token.setAttribute("IncludeToken", sp, prefix: "sp", value: "\(sp)/IncludeToken/\(include)")
            assertion(token.addChild("Policy", wsp, prefix: "wsp"), "WssX509V3Token10")
        }

        /// An IssuedToken for a SAML 2.0 assertion of `keyType` (`PublicKey` or `Bearer`), carried
        /// in the header and referenced there (§5.4.2), its template in the version's WS-Trust.
        private func issuedToken(into parent: XMLElement, keyType: String) {
            let token = parent.addChild("IssuedToken", sp, prefix: "sp")
            token.setAttribute("IncludeToken", sp, prefix: "sp", value: "\(sp)/IncludeToken/AlwaysToRecipient")
            let template = token.addChild("RequestSecurityTokenTemplate", sp, prefix: "sp")
            let trust = version.trustVersion.namespace
            let prefix = version == .v13 ? "wst" : "t"
            template.addChild("TokenType", trust, prefix: prefix).setText("http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLV2.0")
            template.addChild("KeyType", trust, prefix: prefix).setText("\(trust)/\(keyType)")
            assertion(token.addChild("Policy", wsp, prefix: "wsp"), "RequireInternalReference")
        }

        /// Adds `sp:name` to `parent` with a nested `wsp:Policy`, and returns the latter.
        private func nested(_ parent: XMLElement, _ name: String) -> XMLElement {
            parent.addChild(name, sp, prefix: "sp").addChild("Policy", wsp, prefix: "wsp")
        }

        private func assertion(_ parent: XMLElement, _ name: String) {
            parent.addChild(name, sp, prefix: "sp")
        }
    }
}

extension SecureConversationPolicyWriter {
    /// The policy of the service `configuration` describes.
    init(_ configuration: SecureConversationServiceConfiguration) {
        switch configuration.bootstrap {
        case .x509: bootstrap = .x509
        case .usernameOverTLS: bootstrap = .usernameOverTLS
        case .issuedSAML(let saml): bootstrap = .issuedSAML(acceptsBearer: saml.issuers.contains(where: \.acceptsBearer))
        }
        algorithmSuite = Self.suiteName(configuration.responseProtection)
        versions = SecureConversationVersion.allCases.filter(configuration.versions.contains)
        renews = configuration.renewal.allowed
        amends = configuration.amendment != nil
        requiresDerivedKeys = configuration.applicationPolicy.requireDerivedKeys
        signatureConfirmation = configuration.signatureConfirmation
    }

    /// The WS-SP 1.2 §6.1 name of the suite `protection` follows: SHA-256 digests make the
    /// `Sha256` suites, the AES key length the `256` or `128` ones.
    static func suiteName(_ protection: MessageProtection) -> String {
        let bits = protection.encryptionAlgorithm.keyLength * 8 >= 256 ? "256" : "128"
        return "Basic\(bits)" + (protection.digestMethod == .sha1 ? "" : "Sha256")
    }
}
