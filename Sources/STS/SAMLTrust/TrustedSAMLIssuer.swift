public import X509

/// A SAML token issuer — an identity provider or another STS — whose assertions the STS
/// accepts: as requestor credentials in the security header, inside OnBehalfOf / ActAs, and as
/// Validate targets. Its assertions must carry its ``name`` as Issuer and be signed by one of
/// its ``certificates`` (pinned: no chain is built, and a certificate configured for one
/// issuer cannot speak for another). The STS's own name and signing certificate are trusted
/// the same way without being listed.
public struct TrustedSAMLIssuer: Sendable {
    /// The `Issuer` value its assertions carry, compared exactly.
    public var name: String
    /// Its signing certificates.
    public var certificates: [Certificate]
    /// The realm identity-mapping rules name its subjects by; the issuer's name when nil.
    public var realm: String?

    public init(name: String, certificates: [Certificate], realm: String? = nil) {
        self.name = name
        self.certificates = certificates
        self.realm = realm
    }
}
