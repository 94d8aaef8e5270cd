internal import COpenSSL

extension OpenSSL {
    /// An HMAC context keyed once and re-initialised with that key for every code, so that a run
    /// of HMACs under one key (P_SHA1's 2 per block) pays for the key schedule and the context
    /// once. Not for concurrent use: one instance per derivation.
    final class KeyedHMAC {
        private let context: OpaquePointer
        let outputByteCount: Int

        init(key: [UInt8], _ digest: DigestAlgorithm) {
            guard let context = EVP_MAC_CTX_dup(FetchedAlgorithms.shared.hmacTemplate(digest)) else {
                fatalError("OpenSSL could not allocate an HMAC context")
            }
            // A NULL key would tell OpenSSL to keep a previous key, so pass a real pointer here.
            let keyStorage = key.isEmpty ? [0] : key
            let ok = keyStorage.withUnsafeBufferPointer { EVP_MAC_init(context, $0.baseAddress, key.count, nil) == 1 }
            precondition(ok, "HMAC key setup failed")
            self.context = context
            outputByteCount = digest.outputByteCount
        }

        deinit {
            EVP_MAC_CTX_free(context)
        }

        /// Writes the HMAC of `message` under this key to `output` (``outputByteCount`` bytes),
        /// which may overlap `message`: the message is read before the code is written.
        func code(_ message: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) {
            precondition(output.count >= outputByteCount, "HMAC output buffer too small")
            var length = 0
            // EVP_MAC_init with a NULL key restarts the computation under the key already set.
            let ok =
                EVP_MAC_init(context, nil, 0, nil) == 1
                && EVP_MAC_update(context, message.baseAddress?.assumingMemoryBound(to: UInt8.self), message.count) == 1
                && EVP_MAC_final(context, output.baseAddress?.assumingMemoryBound(to: UInt8.self), &length, outputByteCount) == 1
            precondition(ok && length == outputByteCount, "HMAC failed")
        }
    }

    /// AES-CBC without padding (the caller pads) over whole blocks; `encrypt` false decrypts.
    /// Returns nil when OpenSSL refuses (wrong key or IV length, input not whole blocks).
    static func aesCBC(_ input: ArraySlice<UInt8>, key: [UInt8], iv: ArraySlice<UInt8>, encrypt: Bool) -> [UInt8]? {
        guard let cipher = FetchedAlgorithms.shared.aesCBC(keyByteCount: key.count), iv.count == 16, input.count % 16 == 0,
            let context = EVP_CIPHER_CTX_new()
        else { return nil }
        defer { EVP_CIPHER_CTX_free(context) }
        var output = [UInt8](repeating: 0, count: input.count + 16)
        var written: Int32 = 0, finalWritten: Int32 = 0
        let ok = key.withUnsafeBufferPointer { keyBytes in
            iv.withUnsafeBufferPointer { ivBytes in
                input.withUnsafeBufferPointer { inputBytes in
                    output.withUnsafeMutableBufferPointer { outputBytes in
                        EVP_CipherInit_ex2(context, cipher, keyBytes.baseAddress, ivBytes.baseAddress, encrypt ? 1 : 0, nil) == 1
                            && EVP_CIPHER_CTX_set_padding(context, 0) == 1
                            && EVP_CipherUpdate(context, outputBytes.baseAddress, &written, inputBytes.baseAddress, Int32(inputBytes.count)) == 1
                            && EVP_CipherFinal_ex(context, outputBytes.baseAddress! + Int(written), &finalWritten) == 1
                    }
                }
            }
        }
        guard ok else {
            clearErrors()
            return nil
        }
        output.removeLast(output.count - Int(written + finalWritten))
        return output
    }

    /// `count` bytes from OpenSSL's CSPRNG (a DRBG seeded from the operating system, reseeded
    /// after fork).
    static func randomBytes(_ count: Int) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: count)
        let ok = output.withUnsafeMutableBufferPointer { RAND_bytes($0.baseAddress, Int32($0.count)) == 1 }
        precondition(ok, "OpenSSL's random generator failed")
        return output
    }
}
