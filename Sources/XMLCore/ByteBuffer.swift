/// An append-only byte buffer in one heap block, for writers that append many short runs
/// (`Array.append(contentsOf:)` pays for a generic copy and a uniqueness check on each run).
struct ByteBuffer: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        if count == capacity { grow(toHold: count + 1) }
        base[count] = byte
        count += 1
    }

    @inline(__always)
    mutating func append(_ start: UnsafePointer<UInt8>, count length: Int) {
        guard length > 0 else { return }
        if count + length > capacity { grow(toHold: count + length) }
        (base + count).update(from: start, count: length)
        count += length
    }

    /// Appends the bytes of a NUL-terminated string (without the NUL), copying while it scans:
    /// the names, prefixes and URIs writers append are short, so a `strlen` and a `memmove`
    /// call for each cost more than the bytes.
    @inline(__always)
    mutating func appendNullTerminated(_ start: UnsafePointer<UInt8>) {
        var cursor = start
        while true {
            let byte = cursor.pointee
            if byte == 0 { return }
            if count == capacity { grow(toHold: count + 1) }
            base[count] = byte
            count += 1
            cursor += 1
        }
    }

    /// Appends the NUL-terminated `string` from its start up to its NUL, or up to its first
    /// byte of 0x80 or more when `stoppingAtNonASCII`, writing `replacement(byte)` instead of each
    /// byte below 64 whose bit is set in `escapes` (when it returns one). Returns where it
    /// stopped: the NUL or that non-ASCII byte.
    ///
    /// One branch-free test per byte decides whether a byte may need escaping: Base64 text is
    /// full of digits, `+` and `/`, on which a range check followed by a switch mispredicts.
    @inline(__always)
    mutating func appendEscaping(
        _ string: UnsafePointer<UInt8>, escapes: UInt64, stoppingAtNonASCII: Bool = false,
        _ replacement: (UInt8) -> StaticString?
    ) -> UnsafePointer<UInt8> {
        var runStart = string, cursor = string
        while true {
            let byte = cursor.pointee
            if byte == 0 || (stoppingAtNonASCII && byte >= 0x80) { break }
            let below64 = UInt64(truncatingIfNeeded: (Int(byte) - 64) >> 63) & 1
            if (escapes >> UInt64(byte & 63)) & below64 != 0, let replacement = replacement(byte) {
                append(runStart, count: cursor - runStart)
                append(replacement.utf8Start, count: replacement.utf8CodeUnitCount)
                runStart = cursor + 1
            }
            cursor += 1
        }
        append(runStart, count: cursor - runStart)
        return cursor
    }

    /// A copy of the bytes written so far.
    var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    private mutating func grow(toHold needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.initialize(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }
}
