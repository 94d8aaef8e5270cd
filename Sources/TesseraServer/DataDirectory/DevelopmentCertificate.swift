public import Foundation
import SwiftASN1
public import TesseraCrypto
public import X509

/// Development certificates: self-signed, or issued by a development CA. Used by
/// `tessera keygen` and by the data-directory bootstrap; never for production trust.
public enum DevelopmentCertificate {
    /// The key and certificate that issue a certificate.
    public struct Issuer {
        public let key: Certificate.PrivateKey
        public let certificate: Certificate

        public init(key: Certificate.PrivateKey, certificate: Certificate) {
            self.key = key
            self.certificate = certificate
        }
    }

    /// A development key pair: its TesseraCrypto key and the same key for swift-certificates.
    public struct KeyPair {
        public let key: TesseraCrypto.PrivateKey
        public let certificateKey: Certificate.PrivateKey
        /// The key as unencrypted PKCS#8 PEM, to write with owner-only permissions.
        public var pem: String { key.pkcs8PEMRepresentation }

        /// A new RSA key of `bits` bits (OpenSSL).
        public static func rsa(bits: Int = 2048) throws -> KeyPair {
            try KeyPair(key: .generateRSA(bits: bits))
        }

        /// A new EC key.
        public static func ec(_ curve: ECCurve) throws -> KeyPair {
            try KeyPair(key: .generateEC(curve))
        }

        public init(key: TesseraCrypto.PrivateKey) throws {
            self.key = key
            certificateKey = try Certificate.PrivateKey(pemEncoded: key.pkcs8PEMRepresentation)
        }
    }

    /// The organization every development certificate names.
    static let organization = "Tessera development"

    /// Whether `certificate` is one ``make(commonName:key:isCertificateAuthority:days:issuer:now:)``
    /// made (its subject's organization says so): a server signing with it must not be in production.
    public static func isDevelopment(_ certificate: Certificate) -> Bool {
        certificate.subject.contains { $0.contains { $0.type == .RDNAttributeType.organizationName && $0.value.description == organization } }
    }

    /// A v3 certificate for `key`, subject `CN=commonName, O=Tessera development`, valid from
    /// five minutes before `now` for `days` days, with a random positive 128-bit serial number.
    /// A leaf has keyUsage digitalSignature and keyEncipherment; a CA has keyCertSign and
    /// cRLSign. Self-signed when `issuer` is nil.
    ///
    /// - Throws: when `issuer`'s key is not its certificate's, or the certificate cannot be
    ///   signed.
    public static func make(
        commonName: String, key: Certificate.PrivateKey, isCertificateAuthority: Bool = false,
        days: Int = 365, issuer: Issuer? = nil, now: Date = Date()
    ) throws -> Certificate {
        let subject = try DistinguishedName {
            OrganizationName(organization)
            CommonName(commonName)
        }
        let publicKey = key.publicKey
        var issuerName = subject
        var issuerKey = key
        var authorityKeyIdentifier: ArraySlice<UInt8>? = SubjectKeyIdentifier(hash: publicKey).keyIdentifier
        if let issuer {
            guard issuer.key.publicKey == issuer.certificate.publicKey else { throw IssuerMismatch() }
            issuerName = issuer.certificate.subject
            issuerKey = issuer.key
            authorityKeyIdentifier = (try? issuer.certificate.extensions.subjectKeyIdentifier)??.keyIdentifier
        }
        var serial = SecureRandom.bytes(16)
        serial[0] &= 0x7F
        serial[0] |= 0x01
        let extensions = try Certificate.Extensions {
            Critical(isCertificateAuthority ? BasicConstraints.isCertificateAuthority(maxPathLength: nil) : BasicConstraints.notCertificateAuthority)
            Critical(isCertificateAuthority ? KeyUsage(keyCertSign: true, cRLSign: true) : KeyUsage(digitalSignature: true, keyEncipherment: true))
            SubjectKeyIdentifier(hash: publicKey)
            if let authorityKeyIdentifier {
                AuthorityKeyIdentifier(keyIdentifier: authorityKeyIdentifier)
            }
        }
        return try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(bytes: serial), publicKey: publicKey,
            notValidBefore: now.addingTimeInterval(-300), notValidAfter: now.addingTimeInterval(TimeInterval(days) * 86_400),
            issuer: issuerName, subject: subject, extensions: extensions, issuerPrivateKey: issuerKey)
    }

    /// The issuer's key does not belong to the issuer's certificate.
    public struct IssuerMismatch: Error, CustomStringConvertible {
        public var description: String { "the CA key does not belong to the CA certificate" }
    }

    /// The certificate as PEM text ending with a newline.
    public static func pem(_ certificate: Certificate) throws -> String {
        try certificate.serializeAsPEM().pemString + "\n"
    }
}
