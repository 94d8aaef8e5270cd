public import TesseraCrypto

/// A SignatureMethod algorithm (XML-DSig 1.1 §6.4, RFC 6931). DSA is not supported.
public struct SignatureAlgorithm: Hashable, Sendable, CustomStringConvertible {
    /// The key the algorithm needs.
    public enum Family: Hashable, Sendable {
        case rsaPKCS1v15, rsaPSS, ecdsa, hmac
    }

    public let uri: String
    public let family: Family
    public let digest: DigestAlgorithm

    private static let dsig = "http://www.w3.org/2000/09/xmldsig#"
    private static let more = "http://www.w3.org/2001/04/xmldsig-more#"
    private static let more2007 = "http://www.w3.org/2007/05/xmldsig-more#"

    public static let rsaSHA1 = Self(uri: dsig + "rsa-sha1", family: .rsaPKCS1v15, digest: .sha1)
    public static let rsaSHA224 = Self(uri: more + "rsa-sha224", family: .rsaPKCS1v15, digest: .sha224)
    public static let rsaSHA256 = Self(uri: more + "rsa-sha256", family: .rsaPKCS1v15, digest: .sha256)
    public static let rsaSHA384 = Self(uri: more + "rsa-sha384", family: .rsaPKCS1v15, digest: .sha384)
    public static let rsaSHA512 = Self(uri: more + "rsa-sha512", family: .rsaPKCS1v15, digest: .sha512)
    public static let rsaPSSSHA256 = Self(uri: more2007 + "sha256-rsa-MGF1", family: .rsaPSS, digest: .sha256)
    public static let rsaPSSSHA384 = Self(uri: more2007 + "sha384-rsa-MGF1", family: .rsaPSS, digest: .sha384)
    public static let rsaPSSSHA512 = Self(uri: more2007 + "sha512-rsa-MGF1", family: .rsaPSS, digest: .sha512)
    public static let ecdsaSHA1 = Self(uri: more + "ecdsa-sha1", family: .ecdsa, digest: .sha1)
    public static let ecdsaSHA224 = Self(uri: more + "ecdsa-sha224", family: .ecdsa, digest: .sha224)
    public static let ecdsaSHA256 = Self(uri: more + "ecdsa-sha256", family: .ecdsa, digest: .sha256)
    public static let ecdsaSHA384 = Self(uri: more + "ecdsa-sha384", family: .ecdsa, digest: .sha384)
    public static let ecdsaSHA512 = Self(uri: more + "ecdsa-sha512", family: .ecdsa, digest: .sha512)
    public static let hmacSHA1 = Self(uri: dsig + "hmac-sha1", family: .hmac, digest: .sha1)
    public static let hmacSHA224 = Self(uri: more + "hmac-sha224", family: .hmac, digest: .sha224)
    public static let hmacSHA256 = Self(uri: more + "hmac-sha256", family: .hmac, digest: .sha256)
    public static let hmacSHA384 = Self(uri: more + "hmac-sha384", family: .hmac, digest: .sha384)
    public static let hmacSHA512 = Self(uri: more + "hmac-sha512", family: .hmac, digest: .sha512)

    public static let all: [SignatureAlgorithm] = [
        .rsaSHA1, .rsaSHA224, .rsaSHA256, .rsaSHA384, .rsaSHA512, .rsaPSSSHA256, .rsaPSSSHA384, .rsaPSSSHA512,
        .ecdsaSHA1, .ecdsaSHA224, .ecdsaSHA256, .ecdsaSHA384, .ecdsaSHA512,
        .hmacSHA1, .hmacSHA224, .hmacSHA256, .hmacSHA384, .hmacSHA512,
    ]

    /// The algorithm named by `uri`; unknown and refused URIs throw `unsupportedAlgorithm`.
    public init(uri: String) throws {
        guard let known = Self.all.first(where: { $0.uri == uri }) else {
            throw XMLSecurityError(.unsupportedAlgorithm, "unsupported signature method \(uri)")
        }
        self = known
    }

    private init(uri: String, family: Family, digest: DigestAlgorithm) {
        self.uri = uri
        self.family = family
        self.digest = digest
    }

    /// Whether this is a public-key signature over SHA-1, which we only verify by default.
    public var isWeakPublicKeySHA1: Bool { family != .hmac && digest == .sha1 }

    public var description: String { uri }
}
