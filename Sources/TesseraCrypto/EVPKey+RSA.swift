internal import COpenSSL

/// RSA operations on an OpenSSL key. Signing and verification reuse the key's prepared contexts
/// (``RSAContextPool``); encryption and decryption create and free their own. One key can be
/// used from many threads at once (see ``EVPKey``).
extension EVPKey {
    /// RSA key transport paddings.
    enum EncryptionPadding {
        case oaep(digest: DigestAlgorithm, mgf1: DigestAlgorithm, label: [UInt8]?)
        case pkcs1v15
    }

    /// Signs the `digest` hash of `message` (the same signature `EVP_DigestSign` makes).
    func signRSA(_ message: [UInt8], digest: DigestAlgorithm, padding: RSASignaturePadding) throws -> [UInt8] {
        let hash = OpenSSL.digest(message, digest)
        let kind = RSAContextPool.Kind(verifying: false, digest: digest, padding: padding)
        let signature = rsaContexts.withContext(kind, key: pointer) { context -> ([UInt8]?, reusable: Bool) in
            var length = 0
            guard EVP_PKEY_sign(context, nil, &length, hash, hash.count) == 1 else { return (nil, false) }
            var signature = [UInt8](repeating: 0, count: length)
            guard EVP_PKEY_sign(context, &signature, &length, hash, hash.count) == 1 else { return (nil, false) }
            return (Array(signature.prefix(length)), true)
        }
        guard let signature = signature ?? nil else {
            OpenSSL.clearErrors()
            throw CryptoError.signingFailed("RSA signing failed")
        }
        return signature
    }

    /// Verifies an RSA signature over the `digest` hash of `message`. Any failure is `false`.
    func isValidRSASignature(_ signature: [UInt8], for message: [UInt8], digest: DigestAlgorithm, padding: RSASignaturePadding) -> Bool {
        let hash = OpenSSL.digest(message, digest)
        let kind = RSAContextPool.Kind(verifying: true, digest: digest, padding: padding)
        let valid = rsaContexts.withContext(kind, key: pointer) { context -> (Bool, reusable: Bool) in
            // A refused signature leaves the context as it was, but it is not kept: nothing a
            // peer sends decides which contexts stay in the pool.
            let valid = EVP_PKEY_verify(context, signature, signature.count, hash, hash.count) == 1
            return (valid, valid)
        }
        if valid != true { OpenSSL.clearErrors() }
        return valid ?? false
    }

    static func configure(_ keyContext: OpaquePointer, for padding: RSASignaturePadding, digest: DigestAlgorithm) -> Bool {
        switch padding {
        case .pkcs1v15:
            return EVP_PKEY_CTX_set_rsa_padding(keyContext, RSA_PKCS1_PADDING) == 1
        case .pss:
            // RFC 6931 / XML-DSig 1.1 defaults: MGF1 with the message digest, salt length = digest length.
            return EVP_PKEY_CTX_set_rsa_padding(keyContext, RSA_PKCS1_PSS_PADDING) == 1
                && EVP_PKEY_CTX_set_rsa_pss_saltlen(keyContext, RSA_PSS_SALTLEN_DIGEST) == 1
                && EVP_PKEY_CTX_set_rsa_mgf1_md(keyContext, OpenSSL.messageDigest(digest)) == 1
        }
    }

    /// Encrypts with the public half of the key.
    func encryptRSA(_ plaintext: [UInt8], padding: EncryptionPadding) throws -> [UInt8] {
        defer { OpenSSL.clearErrors() }
        guard let context = EVP_PKEY_CTX_new_from_pkey(nil, self.pointer, nil) else {
            throw CryptoError.encryptionFailed("out of memory")
        }
        defer { EVP_PKEY_CTX_free(context) }
        guard EVP_PKEY_encrypt_init(context) == 1, Self.configure(context, for: padding) else {
            throw CryptoError.encryptionFailed("could not set up RSA encryption")
        }
        return try plaintext.withUnsafeBytes { input -> [UInt8] in
            let data = input.baseAddress?.assumingMemoryBound(to: UInt8.self)
            var length = 0
            guard EVP_PKEY_encrypt(context, nil, &length, data, input.count) == 1 else {
                throw CryptoError.encryptionFailed("RSA encryption failed")
            }
            var output = [UInt8](repeating: 0, count: length)
            guard EVP_PKEY_encrypt(context, &output, &length, data, input.count) == 1 else {
                throw CryptoError.encryptionFailed("RSA encryption failed (is the plaintext too long for the key?)")
            }
            return Array(output.prefix(length))
        }
    }

    /// Decrypts with the private key. Every failure is the same `decryptionFailed` error.
    func decryptRSA(_ ciphertext: [UInt8], padding: EncryptionPadding) throws -> [UInt8] {
        defer { OpenSSL.clearErrors() }
        guard let context = EVP_PKEY_CTX_new_from_pkey(nil, self.pointer, nil) else {
            throw CryptoError.decryptionFailed
        }
        defer { EVP_PKEY_CTX_free(context) }
        guard EVP_PKEY_decrypt_init(context) == 1, Self.configure(context, for: padding) else {
            throw CryptoError.decryptionFailed
        }
        return try ciphertext.withUnsafeBytes { input -> [UInt8] in
            let data = input.baseAddress?.assumingMemoryBound(to: UInt8.self)
            var length = 0
            guard EVP_PKEY_decrypt(context, nil, &length, data, input.count) == 1 else {
                throw CryptoError.decryptionFailed
            }
            var output = [UInt8](repeating: 0, count: length)
            guard EVP_PKEY_decrypt(context, &output, &length, data, input.count) == 1 else {
                throw CryptoError.decryptionFailed
            }
            return Array(output.prefix(length))
        }
    }

    private static func configure(_ context: OpaquePointer, for padding: EncryptionPadding) -> Bool {
        switch padding {
        case .pkcs1v15:
            return EVP_PKEY_CTX_set_rsa_padding(context, RSA_PKCS1_PADDING) == 1
        case .oaep(let digest, let mgf1, let label):
            guard EVP_PKEY_CTX_set_rsa_padding(context, RSA_PKCS1_OAEP_PADDING) == 1,
                EVP_PKEY_CTX_set_rsa_oaep_md(context, OpenSSL.messageDigest(digest)) == 1,
                EVP_PKEY_CTX_set_rsa_mgf1_md(context, OpenSSL.messageDigest(mgf1)) == 1
            else { return false }
            guard let label, !label.isEmpty else { return true }  // an empty label is the default
            // set0 takes ownership of an OPENSSL_malloc'd copy.
            guard let copy = CRYPTO_malloc(label.count, nil, 0) else { return false }
            label.withUnsafeBytes { copy.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
            guard EVP_PKEY_CTX_set0_rsa_oaep_label(context, copy, Int32(label.count)) == 1 else {
                CRYPTO_free(copy, nil, 0)
                return false
            }
            return true
        }
    }
}

extension EVPKey {
    /// Largest modulus accepted from the wire (OpenSSL's own limit for RSA public operations).
    static let maximumRSAModulusBits = 16384

    /// An RSA public key from big-endian unsigned modulus and exponent (`ds:RSAKeyValue`).
    static func rsaPublicKey(modulus: [UInt8], exponent: [UInt8]) throws -> EVPKey {
        defer { OpenSSL.clearErrors() }
        guard !modulus.isEmpty, !exponent.isEmpty, modulus.count <= maximumRSAModulusBits / 8 + 1,
            exponent.count <= modulus.count
        else { throw CryptoError.invalidKey("RSA modulus or exponent is empty or too long") }
        guard let n = BN_bin2bn(modulus, Int32(modulus.count), nil) else { throw CryptoError.invalidKey("out of memory") }
        defer { BN_free(n) }
        guard let e = BN_bin2bn(exponent, Int32(exponent.count), nil) else { throw CryptoError.invalidKey("out of memory") }
        defer { BN_free(e) }
        // Sanity checks only (RFC 8017 §3.1): n odd, 1 < e < n, e odd. Key strength is left to policy.
        guard BN_is_odd(n) == 1, BN_is_odd(e) == 1, BN_is_one(e) == 0, BN_cmp(e, n) < 0,
            BN_num_bits(n) <= Int32(maximumRSAModulusBits)
        else { throw CryptoError.invalidKey("not a valid RSA public key") }

        // OSSL_PARAM_BLD, the OSSL_PARAM array and EVP_PKEY_CTX keep the name pointers they are
        // given, so the C strings must outlive every call below.
        let key: OpaquePointer = try "n".withCString { nName in
            try "e".withCString { eName in
                try "RSA".withCString { algorithm in
                    guard let builder = OSSL_PARAM_BLD_new() else { throw CryptoError.invalidKey("out of memory") }
                    defer { OSSL_PARAM_BLD_free(builder) }
                    guard OSSL_PARAM_BLD_push_BN(builder, nName, n) == 1, OSSL_PARAM_BLD_push_BN(builder, eName, e) == 1,
                        let params = OSSL_PARAM_BLD_to_param(builder)
                    else { throw CryptoError.invalidKey("out of memory") }
                    defer { OSSL_PARAM_free(params) }
                    guard let context = EVP_PKEY_CTX_new_from_name(nil, algorithm, nil) else {
                        throw CryptoError.invalidKey("out of memory")
                    }
                    defer { EVP_PKEY_CTX_free(context) }
                    var key: OpaquePointer? = nil
                    guard EVP_PKEY_fromdata_init(context) == 1,
                        EVP_PKEY_fromdata(context, &key, OpenSSL.selectPublicKey, params) == 1, let key
                    else { throw CryptoError.invalidKey("not a valid RSA public key") }
                    return key
                }
            }
        }
        return EVPKey(taking: key)
    }

    /// Generates an RSA key pair with public exponent 65537.
    static func generateRSA(bits: Int) throws -> EVPKey {
        defer { OpenSSL.clearErrors() }
        // The context keeps the algorithm name pointer: keep it alive for the context's lifetime.
        return try "RSA".withCString { algorithm in
            guard let context = EVP_PKEY_CTX_new_from_name(nil, algorithm, nil) else {
                throw CryptoError.keyGenerationFailed("out of memory")
            }
            defer { EVP_PKEY_CTX_free(context) }
            var key: OpaquePointer? = nil
            guard EVP_PKEY_keygen_init(context) == 1, EVP_PKEY_CTX_set_rsa_keygen_bits(context, Int32(bits)) == 1,
                EVP_PKEY_generate(context, &key) == 1, let key
            else { throw CryptoError.keyGenerationFailed("RSA key generation failed") }
            return EVPKey(taking: key)
        }
    }
}
