import TesseraCrypto
public import X509
import XMLCore
import XMLSecurity

/// What key references and tokens write about one X.509 certificate (X.509 Token Profile 1.1
/// §3.1 BinarySecurityToken, §3.2 KeyIdentifier and X509IssuerSerial), computed once so that
/// securing each message does not re-encode the certificate. ``X509Credential`` holds one for
/// its certificate.
public struct CertificateReferenceValues: Sendable {
    public let certificate: Certificate
    /// The certificate's DER encoding.
    public let der: [UInt8]
    /// `der` in Base64 without line breaks, as a BinarySecurityToken or ds:X509Certificate carries it.
    public let base64DER: String
    /// SHA-1 of `der` (WSS 1.1 ThumbprintSHA1).
    public let thumbprintSHA1: [UInt8]
    /// The SubjectKeyIdentifier extension value; nil when the certificate has none.
    public let subjectKeyIdentifier: [UInt8]?
    /// The issuer name (RFC 4514 string) and decimal serial number of ds:X509IssuerSerial.
    public let issuerName: String
    public let decimalSerialNumber: String

    /// Encodes `certificate`; throws when it cannot be DER-encoded.
    public init(certificate: Certificate) throws {
        self.certificate = certificate
        der = try certificate.derBytes
        base64DER = XMLBase64.encode(der)
        thumbprintSHA1 = DigestAlgorithm.sha1.hash(der)
        subjectKeyIdentifier = certificate.subjectKeyIdentifierBytes
        issuerName = certificate.issuer.description
        decimalSerialNumber = certificate.decimalSerialNumber
    }
}
