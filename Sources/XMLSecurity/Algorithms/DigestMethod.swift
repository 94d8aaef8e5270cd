public import TesseraCrypto

/// A DigestMethod algorithm (XML-DSig §6.2, RFC 6931). MD5 is not supported.
public struct DigestMethod: Hashable, Sendable {
    public let uri: String
    public let algorithm: DigestAlgorithm

    public static let sha1 = DigestMethod(uri: "http://www.w3.org/2000/09/xmldsig#sha1", algorithm: .sha1)
    public static let sha224 = DigestMethod(uri: "http://www.w3.org/2001/04/xmldsig-more#sha224", algorithm: .sha224)
    public static let sha256 = DigestMethod(uri: "http://www.w3.org/2001/04/xmlenc#sha256", algorithm: .sha256)
    public static let sha384 = DigestMethod(uri: "http://www.w3.org/2001/04/xmldsig-more#sha384", algorithm: .sha384)
    public static let sha512 = DigestMethod(uri: "http://www.w3.org/2001/04/xmlenc#sha512", algorithm: .sha512)

    public static let all: [DigestMethod] = [.sha1, .sha224, .sha256, .sha384, .sha512]

    /// The method named by `uri`; unknown and refused URIs throw `unsupportedAlgorithm`.
    public init(uri: String) throws {
        guard let known = Self.all.first(where: { $0.uri == uri }) else {
            throw XMLSecurityError(.unsupportedAlgorithm, "unsupported digest method \(uri)")
        }
        self = known
    }

    private init(uri: String, algorithm: DigestAlgorithm) {
        self.uri = uri
        self.algorithm = algorithm
    }
}
