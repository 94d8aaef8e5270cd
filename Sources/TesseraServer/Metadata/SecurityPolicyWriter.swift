import WSTrust
import XMLCore

/// The WS-SecurityPolicy assertions describing what an endpoint accepts, written as WS-Policy
/// expressions a WSDL binding refers to by `wsu:Id`.
struct SecurityPolicyWriter {
    /// One policy of the WSDL.
    enum Policy: Hashable, CaseIterable {
        /// AsymmetricBinding with X.509 tokens: the request's Body and Timestamp signed with the
        /// requestor's key (its certificate in a BinarySecurityToken), the response signed by
        /// the STS (WS-SecurityPolicy 1.2 §7.5).
        case x509Signature
        /// Body signed, on the input message of an ``x509Signature`` binding (§4.1.1).
        case x509SignedBodyInput
        /// TransportBinding over HTTPS with a UsernameToken as signed, encrypted supporting
        /// token (§7.3, §8.5): ADFS `usernamemixed` for WS-Trust 1.3.
        case usernameOverTransport13
        /// The same in the July 2005 namespace (SignedSupportingTokens): ADFS
        /// `usernamemixed` for WS-Trust February 2005.
        case usernameOverTransport2005

        var id: String {
            switch self {
            case .x509Signature: "Tessera_X509Signature_policy"
            case .x509SignedBodyInput: "Tessera_X509Signature_Input_policy"
            case .usernameOverTransport13: "Tessera_UsernameOverTransport13_policy"
            case .usernameOverTransport2005: "Tessera_UsernameOverTransport2005_policy"
            }
        }

        /// The binding policy of an endpoint.
        init(_ endpoint: STSEndpoint) {
            switch (endpoint.authentication, endpoint.trustVersion) {
            case (.x509Signature, _): self = .x509Signature
            case (.usernameOverTransport, .v13): self = .usernameOverTransport13
            case (.usernameOverTransport, .v200502): self = .usernameOverTransport2005
            }
        }
    }

    private static let wsp = MetadataNamespace.policy

    /// Writes `policy` as a `wsp:Policy` child of `parent`.
    func write(_ policy: Policy, into parent: XMLElement) {
        let element = parent.addChild("Policy", Self.wsp, prefix: "wsp")
        element.setAttribute("Id", MetadataNamespace.utility, prefix: "wsu", value: policy.id)
        let all = element.addChild("ExactlyOne", Self.wsp, prefix: "wsp").addChild("All", Self.wsp, prefix: "wsp")
        switch policy {
        case .x509Signature: writeAsymmetricX509(into: all)
        case .x509SignedBodyInput:
            let sp = MetadataNamespace.securityPolicy12
            all.addChild("SignedParts", sp, prefix: "sp").addChild("Body", sp, prefix: "sp")
        case .usernameOverTransport13: writeUsernameOverTransport(into: all, sp: MetadataNamespace.securityPolicy12)
        case .usernameOverTransport2005: writeUsernameOverTransport(into: all, sp: MetadataNamespace.securityPolicy2005)
        }
    }

    private func writeAsymmetricX509(into all: XMLElement) {
        let sp = MetadataNamespace.securityPolicy12
        let binding = nestedPolicy(all, "AsymmetricBinding", sp)
        x509Token(into: nestedPolicy(binding, "InitiatorToken", sp), include: "AlwaysToRecipient")
        x509Token(into: nestedPolicy(binding, "RecipientToken", sp), include: "AlwaysToInitiator")
        nestedPolicy(binding, "AlgorithmSuite", sp).addChild("Basic256Sha256", sp, prefix: "sp")
        nestedPolicy(binding, "Layout", sp).addChild("Lax", sp, prefix: "sp")
        binding.addChild("IncludeTimestamp", sp, prefix: "sp")
        binding.addChild("OnlySignEntireHeadersAndBody", sp, prefix: "sp")
        let wss11 = nestedPolicy(all, "Wss11", sp)
        for reference in ["MustSupportRefKeyIdentifier", "MustSupportRefIssuerSerial", "MustSupportRefThumbprint"] {
            wss11.addChild(reference, sp, prefix: "sp")
        }
        nestedPolicy(all, "Trust13", sp).addChild("MustSupportIssuedTokens", sp, prefix: "sp")
    }

    private func x509Token(into parent: XMLElement, include: String) {
        let sp = MetadataNamespace.securityPolicy12
        let token = parent.addChild("X509Token", sp, prefix: "sp")
        token.setAttribute("IncludeToken", sp, prefix: "sp", value: "\(sp)/IncludeToken/\(include)")
        token.addChild("Policy", Self.wsp, prefix: "wsp").addChild("WssX509V3Token10", sp, prefix: "sp")
    }

    private func writeUsernameOverTransport(into all: XMLElement, sp: String) {
        let is2005 = sp == MetadataNamespace.securityPolicy2005
        let prefix = is2005 ? "sp2005" : "sp"
        let binding = nestedPolicy(all, "TransportBinding", sp)
        let https = nestedPolicy(binding, "TransportToken", sp).addChild("HttpsToken", sp, prefix: prefix)
        if is2005 {
            https.setAttribute("RequireClientCertificate", value: "false")
        } else {
            https.addChild("Policy", Self.wsp, prefix: "wsp")
        }
        nestedPolicy(binding, "AlgorithmSuite", sp).addChild("Basic256", sp, prefix: prefix)
        nestedPolicy(binding, "Layout", sp).addChild("Lax", sp, prefix: prefix)
        binding.addChild("IncludeTimestamp", sp, prefix: prefix)
        let supporting = nestedPolicy(all, is2005 ? "SignedSupportingTokens" : "SignedEncryptedSupportingTokens", sp)
        let username = supporting.addChild("UsernameToken", sp, prefix: prefix)
        username.setAttribute("IncludeToken", sp, prefix: prefix, value: "\(sp)/IncludeToken/AlwaysToRecipient")
        username.addChild("Policy", Self.wsp, prefix: "wsp").addChild("WssUsernameToken10", sp, prefix: prefix)
        nestedPolicy(all, is2005 ? "Trust10" : "Trust13", sp).addChild("MustSupportIssuedTokens", sp, prefix: prefix)
    }

    /// Adds `name` in `namespace` to `parent` with a nested `wsp:Policy`, and returns the latter.
    @discardableResult
    private func nestedPolicy(_ parent: XMLElement, _ name: String, _ namespace: String) -> XMLElement {
        let prefix = namespace == MetadataNamespace.securityPolicy2005 ? "sp2005" : "sp"
        return parent.addChild(name, namespace, prefix: prefix).addChild("Policy", Self.wsp, prefix: "wsp")
    }
}
