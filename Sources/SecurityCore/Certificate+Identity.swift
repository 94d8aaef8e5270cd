public import X509

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension Certificate {
    /// Whether `other` is this certificate: what `==` decides, with the to-be-signed encodings
    /// (which hold the key, the subject and the issuer's name and serial) compared by `memcmp`
    /// instead of byte by byte, then the signatures. A requestor or key is found by its
    /// certificate in every message.
    public func isSame(as other: Certificate) -> Bool {
        let mine = tbsCertificateBytes, theirs = other.tbsCertificateBytes
        guard mine.count == theirs.count else { return false }
        let sameEncoding = mine.withUnsafeBytes { mine in
            theirs.withUnsafeBytes { theirs in
                mine.count == 0 || memcmp(mine.baseAddress!, theirs.baseAddress!, mine.count) == 0
            }
        }
        return sameEncoding && signatureAlgorithm == other.signatureAlgorithm && signature == other.signature
    }
}
