import SOAP
import SecureConversation
import XMLSecurity
import XMLCore

/// The WS-SecurityPolicy 1.2 policy of a secure-conversation endpoint, as WCF and CXF publish it
/// for a service that issues its own contexts: a SymmetricBinding whose protection token is a
/// SecureConversationToken (WS-SP 1.2 §5.4.7) with derived keys, the context versions and the
/// lifecycle bindings the service answers (`MustNotSendRenew`, `MustNotSendAmend` when it does
/// not), and a BootstrapPolicy nesting the policy the RST/SCT must meet:
/// - `x509`: an AsymmetricBinding with X.509 initiator and recipient tokens, the Body signed and
///   encrypted (§7.5);
/// - `username-over-tls`: a TransportBinding over HTTPS with a UsernameToken as signed supporting
///   token (§7.3, §8.2);
/// - `issued-saml`: an AsymmetricBinding whose initiator token is an IssuedToken for a SAML
///   assertion confirmed by the requestor's key (§5.4.2), and, where an issuer's bearer
///   assertions are accepted, the alternative of a TransportBinding with the IssuedToken as
///   signed supporting token.
/// The algorithm suite is the one the service protects messages with, and both levels carry
/// the Wss11 and Trust13 assertions. Messages name their parts in input and output policies:
/// Body and addressing headers signed, Body encrypted.
struct SecureConversationPolicyWriter {
    /// What a client must show to establish a context.
    enum Bootstrap: Hashable {
        case x509
        case usernameOverTLS
        case issuedSAML(acceptsBearer: Bool)
    }

    var bootstrap: Bootstrap
    /// The WS-SP 1.2 algorithm suite name (`Basic256`, `Basic128`, `Basic256Sha256`, …).
    var algorithmSuite: String
    /// Whether WS-SC 1.3 contexts are issued (`sp:SC13SecurityContextToken`).
    var issuesSC13: Bool
    var renews: Bool
    var amends: Bool
    var requiresDerivedKeys: Bool
    var signatureConfirmation: Bool

    static let bindingPolicyID = "Tessera_SecureConversation_policy"
    static let messagePolicyID = "Tessera_SecureConversation_Message_policy"

    private static let wsp = MetadataNamespace.policy
    private static let sp = MetadataNamespace.securityPolicy12
    private static let addressingHeaders = ["To", "From", "FaultTo", "ReplyTo", "MessageID", "RelatesTo", "Action"]

    /// Writes the binding's policy as a `wsp:Policy` child of `parent`.
    func writeBindingPolicy(into parent: XMLElement) {
        let all = Self.policyAlternative(parent, id: Self.bindingPolicyID)
        let binding = Self.nested(all, "SymmetricBinding")
        let protection = Self.nested(binding, "ProtectionToken")
        let token = protection.addChild("SecureConversationToken", Self.sp, prefix: "sp")
        token.setAttribute("IncludeToken", Self.sp, prefix: "sp", value: "\(Self.sp)/IncludeToken/AlwaysToRecipient")
        let tokenPolicy = token.addChild("Policy", Self.wsp, prefix: "wsp")
        if requiresDerivedKeys { Self.assertion(tokenPolicy, "RequireDerivedKeys") }
        if issuesSC13 { Self.assertion(tokenPolicy, "SC13SecurityContextToken") }
        if !renews { Self.assertion(tokenPolicy, "MustNotSendRenew") }
        if !amends { Self.assertion(tokenPolicy, "MustNotSendAmend") }
        writeBootstrap(into: Self.nested(tokenPolicy, "BootstrapPolicy"))
        writeSuite(into: binding, layout: "Strict")
        Self.assertion(binding, "IncludeTimestamp")
        Self.assertion(binding, "OnlySignEntireHeadersAndBody")
        writeWss11(into: all)
        writeTrust13(into: all)
        let addressing = all.addChild("Addressing", MetadataNamespace.addressingMetadata, prefix: "wsam")
        addressing.addChild("Policy", Self.wsp, prefix: "wsp")
    }

    /// Writes the policy of every input and output message: Body and WS-Addressing headers
    /// signed, Body encrypted (the ``SecureConversation/ContextMessagePolicy``).
    func writeMessagePolicy(into parent: XMLElement) {
        writeParts(into: Self.policyAlternative(parent, id: Self.messagePolicyID))
    }

    // MARK: Bootstrap

    private func writeBootstrap(into policy: XMLElement) {
        switch bootstrap {
        case .x509:
            let all = policy.addChild("ExactlyOne", Self.wsp, prefix: "wsp").addChild("All", Self.wsp, prefix: "wsp")
            writeParts(into: all)
            let binding = Self.nested(all, "AsymmetricBinding")
            Self.x509Token(into: Self.nested(binding, "InitiatorToken"), include: "AlwaysToRecipient")
            Self.x509Token(into: Self.nested(binding, "RecipientToken"), include: "Never")
            writeSuite(into: binding, layout: "Strict")
            Self.assertion(binding, "IncludeTimestamp")
            Self.assertion(binding, "OnlySignEntireHeadersAndBody")
            writeWss11(into: all)
            writeTrust13(into: all)
        case .usernameOverTLS:
            let all = policy.addChild("ExactlyOne", Self.wsp, prefix: "wsp").addChild("All", Self.wsp, prefix: "wsp")
            writeTransportBinding(into: all)
            let supporting = Self.nested(all, "SignedSupportingTokens")
            let username = supporting.addChild("UsernameToken", Self.sp, prefix: "sp")
            username.setAttribute("IncludeToken", Self.sp, prefix: "sp", value: "\(Self.sp)/IncludeToken/AlwaysToRecipient")
            Self.assertion(username.addChild("Policy", Self.wsp, prefix: "wsp"), "WssUsernameToken10")
            writeTrust13(into: all)
        case .issuedSAML(let acceptsBearer):
            let choice = policy.addChild("ExactlyOne", Self.wsp, prefix: "wsp")
            let holderOfKey = choice.addChild("All", Self.wsp, prefix: "wsp")
            writeParts(into: holderOfKey)
            let binding = Self.nested(holderOfKey, "AsymmetricBinding")
            Self.issuedToken(into: Self.nested(binding, "InitiatorToken"), keyType: "PublicKey")
            Self.x509Token(into: Self.nested(binding, "RecipientToken"), include: "Never")
            writeSuite(into: binding, layout: "Strict")
            Self.assertion(binding, "IncludeTimestamp")
            Self.assertion(binding, "OnlySignEntireHeadersAndBody")
            writeWss11(into: holderOfKey)
            writeTrust13(into: holderOfKey)
            if acceptsBearer {
                let bearer = choice.addChild("All", Self.wsp, prefix: "wsp")
                writeTransportBinding(into: bearer)
                Self.issuedToken(into: Self.nested(bearer, "SignedSupportingTokens"), keyType: "Bearer")
                writeTrust13(into: bearer)
            }
        }
    }

    private func writeTransportBinding(into all: XMLElement) {
        let binding = Self.nested(all, "TransportBinding")
        let https = Self.nested(binding, "TransportToken").addChild("HttpsToken", Self.sp, prefix: "sp")
        https.addChild("Policy", Self.wsp, prefix: "wsp")
        writeSuite(into: binding, layout: "Lax")
        Self.assertion(binding, "IncludeTimestamp")
    }

    // MARK: Shared assertions

    private func writeParts(into all: XMLElement) {
        let signed = all.addChild("SignedParts", Self.sp, prefix: "sp")
        Self.assertion(signed, "Body")
        for name in Self.addressingHeaders {
            let header = signed.addChild("Header", Self.sp, prefix: "sp")
            header.setAttribute("Name", value: name)
            header.setAttribute("Namespace", value: MetadataNamespace.addressing)
        }
        Self.assertion(all.addChild("EncryptedParts", Self.sp, prefix: "sp"), "Body")
    }

    private func writeSuite(into binding: XMLElement, layout: String) {
        Self.assertion(Self.nested(binding, "AlgorithmSuite"), algorithmSuite)
        Self.assertion(Self.nested(binding, "Layout"), layout)
    }

    private func writeWss11(into all: XMLElement) {
        let wss11 = Self.nested(all, "Wss11")
        for reference in ["MustSupportRefKeyIdentifier", "MustSupportRefIssuerSerial", "MustSupportRefThumbprint", "MustSupportRefEncryptedKey"] {
            Self.assertion(wss11, reference)
        }
        if signatureConfirmation { Self.assertion(wss11, "RequireSignatureConfirmation") }
    }

    private func writeTrust13(into all: XMLElement) {
        let trust = Self.nested(all, "Trust13")
        for assertion in ["MustSupportIssuedTokens", "RequireClientEntropy", "RequireServerEntropy"] {
            Self.assertion(trust, assertion)
        }
    }

    private static func x509Token(into parent: XMLElement, include: String) {
        let token = parent.addChild("X509Token", sp, prefix: "sp")
        token.setAttribute("IncludeToken", sp, prefix: "sp", value: "\(sp)/IncludeToken/\(include)")
        assertion(token.addChild("Policy", wsp, prefix: "wsp"), "WssX509V3Token10")
    }

    /// An IssuedToken for a SAML 2.0 assertion of `keyType` (`PublicKey` or `Bearer`), carried
    /// in the header and referenced there (§5.4.2).
    private static func issuedToken(into parent: XMLElement, keyType: String) {
        let token = parent.addChild("IssuedToken", sp, prefix: "sp")
        token.setAttribute("IncludeToken", sp, prefix: "sp", value: "\(sp)/IncludeToken/AlwaysToRecipient")
        let template = token.addChild("RequestSecurityTokenTemplate", sp, prefix: "sp")
        let trust = "http://docs.oasis-open.org/ws-sx/ws-trust/200512"
        template.addChild("TokenType", trust, prefix: "wst").setText("http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLV2.0")
        template.addChild("KeyType", trust, prefix: "wst").setText("\(trust)/\(keyType)")
        assertion(token.addChild("Policy", wsp, prefix: "wsp"), "RequireInternalReference")
    }

    /// A `wsp:Policy` with `id` under `parent`, and its one alternative.
    private static func policyAlternative(_ parent: XMLElement, id: String) -> XMLElement {
        let policy = parent.addChild("Policy", wsp, prefix: "wsp")
        policy.setAttribute("Id", MetadataNamespace.utility, prefix: "wsu", value: id)
        return policy.addChild("ExactlyOne", wsp, prefix: "wsp").addChild("All", wsp, prefix: "wsp")
    }

    /// Adds `sp:name` to `parent` with a nested `wsp:Policy`, and returns the latter.
    private static func nested(_ parent: XMLElement, _ name: String) -> XMLElement {
        parent.addChild(name, sp, prefix: "sp").addChild("Policy", wsp, prefix: "wsp")
    }

    private static func assertion(_ parent: XMLElement, _ name: String) {
        parent.addChild(name, sp, prefix: "sp")
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
        issuesSC13 = configuration.versions.contains(.v13)
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
