public import SecurityCore
public import XMLSecurity

/// Whether and how a service amends its contexts (WS-SC 1.3 §7, "Amending Contexts"): the
/// owner, proving possession of the context's key, adds the claims of another token, proven by
/// that token's own key in a signature over the request's Body and Timestamp. The tokens
/// accepted are X.509 certificates that chain to ``trustStore`` (each adds its subject) and,
/// when ``samlIssuers`` is set, holder-of-key SAML assertions of those issuers (each adds its
/// subject as its issuer names it, ``SAMLBootstrap/owner(nameID:issuer:)``).
public struct ContextAmendmentPolicy: Sendable {
    /// Where the certificates of added claims must chain to.
    public var trustStore: X509TrustStore
    /// The issuers (and audiences) whose holder-of-key assertions add claims, validated as the
    /// issued-token bootstrap validates them (issuer's pinned certificate, validity, audience,
    /// OneTimeUse, the issuer's record of cancellation); nil refuses every Amend that carries a
    /// SAML assertion. Sender-vouches and bearer assertions never add claims: nothing in an
    /// Amend proves their subject asked.
    public var samlIssuers: SAMLBootstrap?
    /// Most claims a context may carry; an Amend beyond it is refused with `wst:RequestFailed`.
    public var maximumClaims: Int
    /// The SignatureMethods a claim's signature may use.
    public var signatureAlgorithms: Set<SignatureAlgorithm>

    public init(
        trustStore: X509TrustStore, samlIssuers: SAMLBootstrap? = nil, maximumClaims: Int = 16,
        signatureAlgorithms: Set<SignatureAlgorithm> = [
            .rsaSHA256, .rsaSHA384, .rsaSHA512, .rsaPSSSHA256, .rsaPSSSHA384, .rsaPSSSHA512, .ecdsaSHA256, .ecdsaSHA384,
            .ecdsaSHA512,
        ]
    ) {
        self.trustStore = trustStore
        self.samlIssuers = samlIssuers
        self.maximumClaims = maximumClaims
        self.signatureAlgorithms = signatureAlgorithms
    }
}
