public import TesseraCrypto
public import X509

/// A private key with its certificate (and chain), used to decrypt or sign. Shared by
/// reference: configurations, signers and builders that hold it copy one pointer, not the
/// certificate's many parts.
public final class X509Credential: Sendable {
    public let privateKey: PrivateKey
    public let certificate: Certificate
    /// Intermediate certificates, leaf excluded.
    public let chain: [Certificate]
    /// `certificate`'s encodings, made once here; nil only if it cannot be DER-encoded.
    private let cachedReferenceValues: CertificateReferenceValues?

    public init(privateKey: PrivateKey, certificate: Certificate, chain: [Certificate] = []) {
        self.privateKey = privateKey
        self.certificate = certificate
        self.chain = chain
        cachedReferenceValues = try? CertificateReferenceValues(certificate: certificate)
    }

    /// The encodings of ``certificate`` that key references write (DER in Base64, thumbprint,
    /// SubjectKeyIdentifier, issuer and serial), computed when the credential was made; throws
    /// when the certificate cannot be DER-encoded.
    public func referenceValues() throws -> CertificateReferenceValues {
        if let cachedReferenceValues { return cachedReferenceValues }
        return try CertificateReferenceValues(certificate: certificate)
    }
}
