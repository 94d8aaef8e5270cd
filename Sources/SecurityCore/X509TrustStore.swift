public import Foundation
public import TesseraCrypto
@_spi(FixedExpiryValidationTime) public import X509
import XMLSecurity

/// Decides whether an X.509 certificate is trusted: it chains (RFC 5280: signatures, validity,
/// basic constraints, key usage) to a configured anchor, or it is pinned exactly. It also finds
/// known certificates by the identifiers WS-Security references use.
///
/// Successful validations are cached by certificate until the earlier of the certificate's
/// expiry and ``cacheLifetime``, so a busy endpoint does not rebuild the same chain per message.
public final class X509TrustStore: Sendable {
    public let anchors: [Certificate]
    public let pinned: [Certificate]
    /// Certificates that may appear in chains or be referenced by key identifier only.
    public let known: [Certificate]
    public let cacheLifetime: TimeInterval
    private let cache = CertificateCache()

    public init(anchors: [Certificate], pinned: [Certificate] = [], known: [Certificate] = [], cacheLifetime: TimeInterval = 300) {
        self.anchors = anchors
        self.pinned = pinned
        self.known = known
        self.cacheLifetime = cacheLifetime
    }

    /// The certificate encoded by `der`, parsed once and then served from a bounded cache.
    public func certificate(der: [UInt8]) throws -> Certificate {
        try cache.entry(der: der).certificate
    }

    /// A certificate this store parsed, with what the store decided about it: its trust and
    /// its public key are asked for again without looking the certificate up by its encoding.
    public struct KnownCertificate: Sendable {
        let entry: CertificateCache.Entry

        public var certificate: Certificate { entry.certificate }
        /// The certificate's DER encoding, as received.
        public var der: [UInt8] { entry.der }
    }

    /// The certificate Base64 `text` encodes (a BinarySecurityToken's content), served from the
    /// cache without decoding when the same text was seen before; nil when the text is not Base64.
    public func knownCertificate(base64 text: String) throws -> KnownCertificate? {
        try cache.entry(base64: text).map(KnownCertificate.init(entry:))
    }

    /// The public key of `certificate` (whose encoding is `der` when known), decoded once.
    public func publicKey(of certificate: Certificate, der knownDER: [UInt8]? = nil) throws -> PublicKey {
        try cache.publicKey(of: cache.entry(der: try knownDER ?? certificate.derBytes, certificate: certificate))
    }

    /// The public key of `known`, decoded once.
    public func publicKey(of known: KnownCertificate) throws -> PublicKey {
        try cache.publicKey(of: known.entry)
    }

    /// Throws ``CertificateNotTrusted`` unless `leaf` is pinned or chains to an anchor at `time`.
    /// `der`, when the caller has it, saves re-encoding the certificate for the cache lookup.
    public func validate(_ leaf: Certificate, der knownDER: [UInt8]? = nil, intermediates: [Certificate] = [], at time: Date) async throws {
        try await validate(cache.entry(der: try knownDER ?? leaf.derBytes, certificate: leaf), intermediates: intermediates, at: time)
    }

    /// ``validate(_:der:intermediates:at:)`` for a certificate this store parsed.
    public func validate(_ known: KnownCertificate, intermediates: [Certificate] = [], at time: Date) async throws {
        try await validate(known.entry, intermediates: intermediates, at: time)
    }

    private func validate(_ entry: CertificateCache.Entry, intermediates: [Certificate], at time: Date) async throws {
        let leaf = entry.certificate
        if let until = entry.trustedUntil, time < until, time >= leaf.notValidBefore { return }
        if pinned.contains(leaf) {
            guard leaf.notValidBefore <= time, time <= leaf.notValidAfter else {
                throw CertificateNotTrusted(reason: "the pinned certificate is not valid at this time")
            }
        } else {
            var verifier = Verifier(rootCertificates: CertificateStore(anchors)) {
                RFC5280Policy(fixedExpiryValidationTime: time)
            }
            let result = await verifier.validate(leaf: leaf, intermediates: CertificateStore(intermediates + known))
            guard case .validCertificate = result else {
                throw CertificateNotTrusted(reason: "the certificate is not trusted")
            }
        }
        entry.trustedUntil = min(leaf.notValidAfter, time.addingTimeInterval(cacheLifetime))
    }

    /// Every certificate the store knows, for key-identifier lookups.
    public var allCertificates: [Certificate] { known + pinned + anchors }
}

extension Certificate {
    /// The SubjectKeyIdentifier extension value, if present.
    public var subjectKeyIdentifierBytes: [UInt8]? {
        (try? extensions.subjectKeyIdentifier).flatMap { $0.map { Array($0.keyIdentifier) } }
    }

    /// SHA-1 of the DER encoding (WSS 1.1 ThumbprintSHA1).
    public var thumbprintSHA1: [UInt8] {
        get throws { DigestAlgorithm.sha1.hash(try derBytes) }
    }

    /// The serial number in decimal, as ds:X509SerialNumber writes it.
    public var decimalSerialNumber: String {
        var digits: [UInt8] = []
        var number = Array(serialNumber.bytes)
        while number.contains(where: { $0 != 0 }) {
            var remainder = 0
            for index in number.indices {
                let value = remainder * 256 + Int(number[index])
                number[index] = UInt8(value / 10)
                remainder = value % 10
            }
            digits.append(UInt8(remainder))
        }
        return digits.isEmpty ? "0" : String(digits.reversed().map { Character(String($0)) })
    }

    /// Whether `issuerName` (an RFC 2253/4514 string) and `serial` (decimal) name this certificate.
    public func matches(issuerName: String, serialNumber serial: String) -> Bool {
        let trimmedSerial = serial.drop { $0 == "0" && serial.count > 1 }
        return decimalSerialNumber == trimmedSerial && DistinguishedNameText.normalized(issuerName) == DistinguishedNameText.normalized(issuer.description)
    }
}

/// Loose comparison of distinguished-name strings written by different stacks
/// (`CN=a, O=b` vs `O=b,CN=a`, attribute-type case, OID aliases).
enum DistinguishedNameText {
    private static let aliases = ["EMAILADDRESS": "E", "1.2.840.113549.1.9.1": "E", "S": "ST", "2.5.4.5": "SERIALNUMBER"]

    static func normalized(_ name: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var escaped = false
        for character in name {
            if escaped { current.append(character); escaped = false; continue }
            if character == "\\" { escaped = true; current.append(character); continue }
            if character == "," || character == ";" || character == "+" { parts.append(current); current = ""; continue }
            current.append(character)
        }
        parts.append(current)
        return parts.compactMap { part -> String? in
            guard let equals = part.firstIndex(of: "=") else { return nil }
            var type = part[..<equals].trimmingCharacters(in: .whitespaces).uppercased()
            type = aliases[type] ?? type
            let value = part[part.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            return "\(type)=\(value)"
        }.sorted()
    }
}
