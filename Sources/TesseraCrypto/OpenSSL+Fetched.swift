internal import COpenSSL

/// The digests, unkeyed HMAC contexts and AES-CBC ciphers this module uses, fetched from OpenSSL's default
/// provider once per process.
///
/// OpenSSL 3 looks an algorithm up in its provider store on every implicit fetch (`EVP_sha256()`
/// passed to `EVP_DigestSignInit`, `HMAC()`, `EVP_Digest`); measured on this project's bench
/// machine that lookup was about 4% of an RSA-2048 signature and a third of an HMAC-SHA1 over
/// 600 bytes. Explicitly fetched objects skip it.
///
/// `@unchecked Sendable`: nothing here changes after `init`. An `EVP_MD` is immutable and
/// reference-counted; an HMAC template is only ever read, by `EVP_MAC_CTX_dup`, and each caller
/// keys and uses its own duplicate.
struct FetchedAlgorithms: @unchecked Sendable {
    /// Fetched once, on first use; never freed (they live as long as the process).
    static let shared = FetchedAlgorithms()

    private let digests: [OpaquePointer]
    private let hmacTemplates: [OpaquePointer]
    private let aesCBCCiphers: [OpaquePointer]

    private init() {
        let names = Self.order.map(Self.providerName)
        digests = names.map { name in
            guard let md = EVP_MD_fetch(nil, name, nil) else { fatalError("OpenSSL has no \(name) digest") }
            return md
        }
        guard let hmac = EVP_MAC_fetch(nil, "HMAC", nil) else { fatalError("OpenSSL has no HMAC") }
        defer { EVP_MAC_free(hmac) }  // each context keeps its own reference
        hmacTemplates = names.map { name in
            guard let context = EVP_MAC_CTX_new(hmac) else { fatalError("OpenSSL could not allocate an HMAC context") }
            // OSSL_PARAM keeps the string pointers: both stay alive for the set_params call.
            let ok = "digest".withCString { key in
                name.withCString { value in
                    var params = [
                        OSSL_PARAM_construct_utf8_string(key, UnsafeMutablePointer(mutating: value), 0),
                        OSSL_PARAM_construct_end(),
                    ]
                    return EVP_MAC_CTX_set_params(context, &params) == 1
                }
            }
            guard ok else { fatalError("OpenSSL could not set up HMAC-\(name)") }
            return context
        }
        aesCBCCiphers = [128, 192, 256].map { bits in
            guard let cipher = EVP_CIPHER_fetch(nil, "AES-\(bits)-CBC", nil) else { fatalError("OpenSSL has no AES-\(bits)-CBC") }
            return cipher
        }
    }

    /// The AES-CBC `EVP_CIPHER` for a 16, 24 or 32-byte key; nil for any other length.
    func aesCBC(keyByteCount: Int) -> OpaquePointer? {
        switch keyByteCount {
        case 16: aesCBCCiphers[0]
        case 24: aesCBCCiphers[1]
        case 32: aesCBCCiphers[2]
        default: nil
        }
    }

    /// The `EVP_MD` for `digest`.
    func messageDigest(_ digest: DigestAlgorithm) -> OpaquePointer {
        digests[Self.index(digest)]
    }

    /// An HMAC context for `digest` without a key, to be duplicated, never used itself.
    func hmacTemplate(_ digest: DigestAlgorithm) -> OpaquePointer {
        hmacTemplates[Self.index(digest)]
    }

    private static let order: [DigestAlgorithm] = [.sha1, .sha224, .sha256, .sha384, .sha512]

    private static func index(_ digest: DigestAlgorithm) -> Int {
        switch digest {
        case .sha1: 0
        case .sha224: 1
        case .sha256: 2
        case .sha384: 3
        case .sha512: 4
        }
    }

    private static func providerName(_ digest: DigestAlgorithm) -> String {
        switch digest {
        case .sha1: "SHA1"
        case .sha224: "SHA2-224"
        case .sha256: "SHA2-256"
        case .sha384: "SHA2-384"
        case .sha512: "SHA2-512"
        }
    }
}
