internal import COpenSSL

/// Compares two byte strings without leaking where they differ.
///
/// The lengths are compared first in variable time (a length is not secret for the MACs and
/// digests this is used for); the contents of equally long inputs are compared in constant time
/// by OpenSSL's `CRYPTO_memcmp`. Use this, never `==`, to check a MAC or any other secret value.
public func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    guard a.count == b.count else { return false }
    return a.withUnsafeBytes { aBytes in
        b.withUnsafeBytes { bBytes in
            OpenSSL.constantTimeEqual(aBytes, bBytes)
        }
    }
}
