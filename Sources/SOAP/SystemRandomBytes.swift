#if canImport(Glibc)
    import Glibc
#endif

/// Random bits straight from the operating system's CSPRNG, for identifiers the SOAP layer
/// makes itself (message IDs).
enum SystemRandomBytes {
    /// 128 random bits: glibc's `arc4random_buf` (one `getrandom(2)` call for the lot) on Linux;
    /// elsewhere `SystemRandomNumberGenerator`, which makes a call per 64 bits.
    static func uint128() -> UInt128 {
        var value: UInt128 = 0
        #if canImport(Glibc)
            withUnsafeMutableBytes(of: &value) { arc4random_buf($0.baseAddress!, $0.count) }
        #else
            var generator = SystemRandomNumberGenerator()
            value = generator.next()
        #endif
        return value
    }
}
