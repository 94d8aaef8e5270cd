/// The P_SHA-1 key derivation of WS-Trust 1.3 §4.4.4 (computed keys) and WS-SecureConversation 1.3
/// §7 (derived keys): P_hash of TLS 1.0 (RFC 2246 §5) instantiated with HMAC-SHA1.
///
/// This is the one construction this module writes itself, and it is built only from HMAC-SHA1
/// (OpenSSL's, keyed once per derivation: a derivation is 2 HMACs per 20-byte block, and on the
/// message path of a secure conversation there are 8 derivations per exchange).
public enum PSHA1 {
    /// WS-Trust / WS-SecureConversation P_SHA-1 (RFC 2246 §5 P_hash with HMAC-SHA1): `secret` is the HMAC
    /// key, `seed` the label+nonce.
    ///
    /// Returns bytes `offset ..< offset + length` of the stream
    /// `HMAC(secret, A(1) + seed) || HMAC(secret, A(2) + seed) || …` with `A(0) = seed`,
    /// `A(i) = HMAC(secret, A(i-1))`.
    ///
    /// `length` and `offset` must not be negative. They usually come from the wire
    /// (`wsc:Length`, `wsc:Offset`, `wsc:Generation`): callers must bound them before calling, since
    /// the work done grows with `offset + length`.
    public static func derive(secret: [UInt8], seed: [UInt8], length: Int, offset: Int = 0) -> [UInt8] {
        Keyed(secret: secret).derive(seed: seed, length: length, offset: offset)
    }

    /// P_SHA-1 under one `secret`, keyed once for several derivations (a message's signing and
    /// encryption keys come from the same context secret with different nonces).
    public struct Keyed {
        // The keyed state is set up once and copied for each HMAC.
        private let hmac: OpenSSL.KeyedHMAC

        public init(secret: [UInt8]) {
            hmac = OpenSSL.KeyedHMAC(key: secret, .sha1)
        }

        /// Bytes `offset ..< offset + length` of P_SHA-1(secret, `seed`), as
        /// ``PSHA1/derive(secret:seed:length:offset:)`` describes, with its preconditions.
        public func derive(seed: [UInt8], length: Int, offset: Int = 0) -> [UInt8] {
            precondition(length >= 0 && offset >= 0, "PSHA1.derive: negative length or offset")
            let (end, overflow) = offset.addingReportingOverflow(length)
            precondition(!overflow, "PSHA1.derive: offset + length overflows")
            guard length > 0 else { return [] }

            let blockLength = hmac.outputByteCount
            // One working buffer `A(i) ‖ seed` and one block, on the stack: the HMAC of all of the
            // buffer is block i, the HMAC of its first `blockLength` bytes is A(i + 1), written back
            // in place. The output is written where it is returned; nothing is allocated per HMAC.
            return [UInt8](unsafeUninitializedCapacity: length) { output, written in
                withUnsafeTemporaryAllocation(byteCount: 2 * blockLength + seed.count, alignment: 8) { scratch in
                    let work = UnsafeMutableRawBufferPointer(rebasing: scratch[..<(blockLength + seed.count)])
                    let a = UnsafeMutableRawBufferPointer(rebasing: work[..<blockLength])
                    let block = UnsafeMutableRawBufferPointer(rebasing: scratch[(blockLength + seed.count)...])
                    seed.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: work[blockLength...]).copyMemory(from: $0) }
                    hmac.code(UnsafeRawBufferPointer(rebasing: work[blockLength...]), into: a)  // A(1) = HMAC(seed)
                    var position = 0  // stream offset of the next block
                    while position < end {
                        let blockEnd = position + blockLength
                        if blockEnd > offset {  // keep only the part of this block inside offset ..< end
                            hmac.code(UnsafeRawBufferPointer(work), into: block)
                            let kept = UnsafeRawBufferPointer(rebasing: block[max(0, offset - position)..<min(blockLength, end - position)])
                            UnsafeMutableRawBufferPointer(rebasing: UnsafeMutableRawBufferPointer(output)[written...]).copyMemory(from: kept)
                            written += kept.count
                        }
                        position = blockEnd
                        if position < end { hmac.code(UnsafeRawBufferPointer(a), into: a) }  // A(i + 1)
                    }
                }
            }
        }
    }
}
