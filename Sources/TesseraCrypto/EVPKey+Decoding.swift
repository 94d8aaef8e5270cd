internal import COpenSSL

extension EVPKey {
    /// Decodes a private key with OSSL_DECODER: PKCS#1 `RSA PRIVATE KEY`, SEC1 `EC PRIVATE KEY`,
    /// PKCS#8 `PRIVATE KEY` and encrypted PKCS#8 `ENCRYPTED PRIVATE KEY`, as PEM or DER.
    ///
    /// Without a password an encrypted key fails; OpenSSL is never allowed to prompt on a terminal.
    static func decodePrivateKey(_ bytes: [UInt8], format: String, password: String?) throws -> EVPKey {
        defer { OpenSSL.clearErrors() }
        guard !bytes.isEmpty else { throw CryptoError.invalidKey("could not decode the private key (empty input)") }
        // The decoder context keeps the input-type pointer: keep the C string alive until it is freed.
        let key: OpaquePointer = try format.withCString { inputType in
            var key: OpaquePointer? = nil
            guard let decoder = OSSL_DECODER_CTX_new_for_pkey(&key, inputType, nil, nil, OpenSSL.selectKeyPair, nil, nil) else {
                throw CryptoError.invalidKey("out of memory")
            }
            defer { OSSL_DECODER_CTX_free(decoder) }
            if let password {
                let passwordBytes = Array(password.utf8)
                guard OSSL_DECODER_CTX_set_passphrase(decoder, passwordBytes, passwordBytes.count) == 1 else {
                    throw CryptoError.invalidKey("out of memory")
                }
            } else {
                // No password: refuse instead of letting OpenSSL's default callback read the terminal.
                guard OSSL_DECODER_CTX_set_pem_password_cb(decoder, { _, _, _, _ in -1 }, nil) == 1 else {
                    throw CryptoError.invalidKey("out of memory")
                }
            }
            let decoded = bytes.withUnsafeBufferPointer { buffer -> Bool in
                var cursor = buffer.baseAddress
                var remaining = buffer.count
                return OSSL_DECODER_from_data(decoder, &cursor, &remaining) == 1
            }
            guard decoded, let key else {
                if let key { EVP_PKEY_free(key) }
                throw CryptoError.invalidKey("could not decode the private key (unsupported format or wrong password)")
            }
            return key
        }
        return EVPKey(taking: key)
    }

    /// Parses a PKCS#12 file (RFC 7292): the private key, then the certificate that matches it,
    /// then the other certificates in file order, as DER.
    static func decodePKCS12(_ bytes: [UInt8], password: String) throws -> (EVPKey, [[UInt8]]) {
        defer { OpenSSL.clearErrors() }
        guard !bytes.isEmpty else { throw CryptoError.invalidKey("not a PKCS#12 file") }
        let pkcs12: OpaquePointer? = bytes.withUnsafeBufferPointer { buffer in
            var cursor = buffer.baseAddress
            return d2i_PKCS12(nil, &cursor, buffer.count)
        }
        guard let pkcs12 else { throw CryptoError.invalidKey("not a PKCS#12 file") }
        defer { PKCS12_free(pkcs12) }

        var key: OpaquePointer? = nil
        var leaf: OpaquePointer? = nil
        var others: OpaquePointer? = nil
        guard PKCS12_parse(pkcs12, password, &key, &leaf, &others) == 1 else {
            throw CryptoError.invalidKey("could not read the PKCS#12 file (wrong password or unsupported encryption)")
        }
        defer {
            if let leaf { X509_free(leaf) }
            if let others {
                for index in 0..<max(0, OPENSSL_sk_num(others)) {
                    X509_free(OpaquePointer(OPENSSL_sk_value(others, index)))
                }
                OPENSSL_sk_free(others)
            }
        }
        guard let key else { throw CryptoError.invalidKey("the PKCS#12 file holds no private key") }
        let ownedKey = EVPKey(taking: key)

        var certificates: [[UInt8]] = []
        if let leaf { certificates.append(try certificateDER(leaf)) }
        if let others {
            for index in 0..<max(0, OPENSSL_sk_num(others)) {
                guard let certificate = OPENSSL_sk_value(others, index) else { continue }
                certificates.append(try certificateDER(OpaquePointer(certificate)))
            }
        }
        return (ownedKey, certificates)
    }

    private static func certificateDER(_ certificate: OpaquePointer) throws -> [UInt8] {
        let length = i2d_X509(certificate, nil)
        guard length > 0 else { throw CryptoError.invalidKey("could not encode a PKCS#12 certificate") }
        var output = [UInt8](repeating: 0, count: Int(length))
        let written = output.withUnsafeMutableBufferPointer { buffer -> Int32 in
            var cursor = buffer.baseAddress
            return i2d_X509(certificate, &cursor)
        }
        guard written == length else { throw CryptoError.invalidKey("could not encode a PKCS#12 certificate") }
        return output
    }
}
