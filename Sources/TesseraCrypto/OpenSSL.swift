// Everything that touches the system's OpenSSL 3 libcrypto directly lives in this file and in the
// `*+OpenSSL.swift` files. No C pointer leaves the module: keys are owned by `EVPKey` boxes.

internal import COpenSSL
import Synchronization

/// Owns one OpenSSL `EVP_PKEY *` and frees it when the last reference goes away (the pattern of
/// swift-crypto's `RSA_boring.swift`).
///
/// `@unchecked Sendable`: the box is immutable after construction (its one cache is behind a
/// lock), and OpenSSL 3 documents `EVP_PKEY` as safe to share between threads for operations
/// that do not modify the key. Every operation in this module uses an `EVP_PKEY_CTX` /
/// `EVP_MD_CTX` of its own for the duration of the call (its own, or one lent by
/// ``rsaContexts``) and never mutates the key, so concurrent sign/verify/encrypt/decrypt on one
/// box is safe.
final class EVPKey: @unchecked Sendable {
    let pointer: OpaquePointer
    /// Signing and verification contexts of this key, set up once (RSA keys only use it).
    let rsaContexts = RSAContextPool()
    /// ``subjectPublicKeyInfoDER()`` once computed: `i2d_PUBKEY` goes through OpenSSL 3's
    /// encoder look-up (close to a million instructions, mostly name comparisons, per call), and
    /// a verifier asks for the encoding of the same certificate key on every message (the
    /// replay-cache entry).
    private let encodedPublicKey = Mutex<[UInt8]?>(nil)

    /// Takes ownership of `pointer` (one reference).
    init(taking pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        EVP_PKEY_free(self.pointer)
    }

    /// `EVP_PKEY_RSA`, `EVP_PKEY_EC`, ...
    var baseID: Int32 { EVP_PKEY_get_base_id(self.pointer) }

    /// Key size in bits (the modulus size for RSA).
    var bits: Int { Int(EVP_PKEY_get_bits(self.pointer)) }

    /// The OpenSSL group name of an EC key ("prime256v1", "secp384r1", "secp521r1"), if any.
    var ecGroupName: String? {
        var buffer = [CChar](repeating: 0, count: 80)
        var length = 0
        guard EVP_PKEY_get_group_name(self.pointer, &buffer, buffer.count, &length) == 1 else {
            OpenSSL.clearErrors()
            return nil
        }
        return String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// A big-number parameter of the key ("n", "e") as big-endian unsigned bytes.
    func bigNumberParameter(_ name: String) -> [UInt8]? {
        defer { OpenSSL.clearErrors() }
        var value: OpaquePointer? = nil
        guard name.withCString({ EVP_PKEY_get_bn_param(self.pointer, $0, &value) }) == 1, let value else { return nil }
        defer { BN_free(value) }
        var output = [UInt8](repeating: 0, count: (Int(BN_num_bits(value)) + 7) / 8)
        let written = BN_bn2bin(value, &output)
        return Array(output.prefix(Int(written)))
    }

    /// The SubjectPublicKeyInfo DER of the key's public half, encoded on the first call.
    func subjectPublicKeyInfoDER() -> [UInt8] {
        if let encoded = encodedPublicKey.withLock({ $0 }) { return encoded }
        let encoded = encodePublicKey()
        encodedPublicKey.withLock { $0 = encoded }
        return encoded
    }

    private func encodePublicKey() -> [UInt8] {
        let length = i2d_PUBKEY(self.pointer, nil)
        precondition(length > 0, "OpenSSL could not encode a public key it holds")
        var output = [UInt8](repeating: 0, count: Int(length))
        let written = output.withUnsafeMutableBufferPointer { buffer -> Int32 in
            var cursor = buffer.baseAddress
            return i2d_PUBKEY(self.pointer, &cursor)
        }
        precondition(written == length, "OpenSSL could not encode a public key it holds")
        return output
    }

    /// The unencrypted PKCS#8 PEM of the private key.
    func pkcs8PEM() -> String {
        let bio = OpenSSL.MemoryBIO()
        let ok = PEM_write_bio_PrivateKey(bio.pointer, self.pointer, nil, nil, 0, nil, nil)
        precondition(ok == 1, "OpenSSL could not encode a private key it holds")
        return String(decoding: bio.readAll(), as: UTF8.self)
    }
}

/// Internal helpers around libcrypto.
enum OpenSSL {
    /// `EVP_PKEY_PUBLIC_KEY` (a compound macro Swift does not import).
    static let selectPublicKey = Int32(
        OSSL_KEYMGMT_SELECT_PUBLIC_KEY | OSSL_KEYMGMT_SELECT_DOMAIN_PARAMETERS | OSSL_KEYMGMT_SELECT_OTHER_PARAMETERS)
    /// `EVP_PKEY_KEYPAIR` (a compound macro Swift does not import).
    static let selectKeyPair = selectPublicKey | Int32(OSSL_KEYMGMT_SELECT_PRIVATE_KEY)

    /// Drops whatever OpenSSL left in this thread's error queue; called after every failure so
    /// that no stale error is ever attributed to a later operation.
    static func clearErrors() {
        ERR_clear_error()
    }

    /// Owns a memory `BIO *`.
    final class MemoryBIO {
        let pointer: OpaquePointer

        init() {
            guard let bio = BIO_new(BIO_s_mem()) else { fatalError("OpenSSL could not allocate a BIO") }
            self.pointer = bio
        }

        /// A BIO that reads a private copy of `bytes`.
        init(copying bytes: [UInt8]) {
            guard let bio = BIO_new(BIO_s_mem()) else { fatalError("OpenSSL could not allocate a BIO") }
            self.pointer = bio
            if !bytes.isEmpty {
                let written = bytes.withUnsafeBytes { BIO_write(bio, $0.baseAddress, Int32($0.count)) }
                precondition(written == Int32(bytes.count), "BIO_write to a memory BIO failed")
            }
        }

        deinit {
            BIO_free(self.pointer)
        }

        func readAll() -> [UInt8] {
            var output: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 4096)
            while true {
                let read = chunk.withUnsafeMutableBytes { BIO_read(self.pointer, $0.baseAddress, Int32($0.count)) }
                if read <= 0 { break }
                output += chunk.prefix(Int(read))
            }
            return output
        }
    }

    /// The `EVP_MD` for a digest algorithm (fetched once per process, see ``FetchedAlgorithms``).
    static func messageDigest(_ digest: DigestAlgorithm) -> OpaquePointer {
        FetchedAlgorithms.shared.messageDigest(digest)
    }

    /// One-shot digest through OpenSSL (used for SHA-224, which swift-crypto does not offer).
    static func digest(_ bytes: [UInt8], _ digest: DigestAlgorithm) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let ok = bytes.withUnsafeBytes { input in
            EVP_Digest(input.baseAddress, input.count, &output, &length, messageDigest(digest), nil)
        }
        precondition(ok == 1, "EVP_Digest failed")
        return Array(output.prefix(Int(length)))
    }

    /// HMAC through OpenSSL's EVP_MAC, from a duplicate of the unkeyed template for `digest`.
    static func hmac(_ message: [UInt8], key: [UInt8], _ digest: DigestAlgorithm) -> [UInt8] {
        guard let context = EVP_MAC_CTX_dup(FetchedAlgorithms.shared.hmacTemplate(digest)) else {
            fatalError("OpenSSL could not allocate an HMAC context")
        }
        defer { EVP_MAC_CTX_free(context) }
        var output = [UInt8](repeating: 0, count: digest.outputByteCount)
        var length = 0
        // A NULL key tells OpenSSL to keep a previous key, so always pass a real pointer, with
        // length 0 for an empty key.
        let keyStorage = key.isEmpty ? [0] : key
        let ok = keyStorage.withUnsafeBufferPointer { keyBytes in
            message.withUnsafeBufferPointer { messageBytes in
                EVP_MAC_init(context, keyBytes.baseAddress, key.count, nil) == 1
                    && EVP_MAC_update(context, messageBytes.baseAddress, messageBytes.count) == 1
                    && EVP_MAC_final(context, &output, &length, output.count) == 1
            }
        }
        precondition(ok && length == output.count, "HMAC failed")
        return output
    }

    /// Constant-time comparison of two equally long buffers.
    static func constantTimeEqual(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        precondition(a.count == b.count)
        guard a.count > 0 else { return true }
        return CRYPTO_memcmp(a.baseAddress, b.baseAddress, a.count) == 0
    }
}
