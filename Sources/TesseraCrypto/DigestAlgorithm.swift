internal import Crypto

/// A message digest used by XML-DSig `DigestMethod`, signature and OAEP algorithms.
///
/// SHA-1 is here because WS-Security 1.0/1.1 deployments and the W3C test vectors still use it;
/// whether to accept it is a policy decision for the layers above.
public enum DigestAlgorithm: Sendable, Hashable {
    /// SHA-1 (FIPS 180-4). Collision-broken: accept only where policy allows.
    case sha1
    /// SHA-224 (FIPS 180-4).
    case sha224
    /// SHA-256 (FIPS 180-4).
    case sha256
    /// SHA-384 (FIPS 180-4).
    case sha384
    /// SHA-512 (FIPS 180-4).
    case sha512

    /// The digest of `bytes`. SHA-224 is computed by OpenSSL, the others by swift-crypto.
    public func hash(_ bytes: [UInt8]) -> [UInt8] {
        switch self {
        case .sha1: Self.bytes(of: Insecure.SHA1.hash(data: bytes))
        case .sha224: OpenSSL.digest(bytes, .sha224)
        case .sha256: Self.bytes(of: SHA256.hash(data: bytes))
        case .sha384: Self.bytes(of: SHA384.hash(data: bytes))
        case .sha512: Self.bytes(of: SHA512.hash(data: bytes))
        }
    }

    /// A digest's bytes copied at once (`Array(digest)` goes through its iterator byte by byte,
    /// and every reference digested and verified comes this way).
    private static func bytes(of digest: some Digest) -> [UInt8] {
        digest.withUnsafeBytes { Array($0) }
    }

    /// The length of the digest in bytes (20, 28, 32, 48 or 64).
    public var outputByteCount: Int {
        switch self {
        case .sha1: 20
        case .sha224: 28
        case .sha256: 32
        case .sha384: 48
        case .sha512: 64
        }
    }

    /// The digest of `bytes` as a swift-crypto `Digest`, for the swift-crypto ECDSA API.
    func swiftCryptoDigest(_ bytes: [UInt8]) -> any Digest {
        switch self {
        case .sha1: Insecure.SHA1.hash(data: bytes)
        case .sha224: SHA224Digest(bytes: OpenSSL.digest(bytes, .sha224))
        case .sha256: SHA256.hash(data: bytes)
        case .sha384: SHA384.hash(data: bytes)
        case .sha512: SHA512.hash(data: bytes)
        }
    }
}

/// A SHA-224 value computed by OpenSSL, presented as a swift-crypto `Digest` so that
/// swift-crypto's ECDSA can sign and verify it (swift-crypto has no SHA-224).
struct SHA224Digest: Digest {
    static let byteCount = 28
    let bytes: [UInt8]

    init(bytes: [UInt8]) {
        precondition(bytes.count == Self.byteCount)
        self.bytes = bytes
    }

    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try self.bytes.withUnsafeBytes(body)
    }

    func makeIterator() -> IndexingIterator<[UInt8]> {
        self.bytes.makeIterator()
    }

    var description: String {
        "SHA224 digest: " + self.bytes.map { String($0, radix: 16) }.joined()
    }
}
