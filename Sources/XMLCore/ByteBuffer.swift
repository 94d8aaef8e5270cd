#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

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
        if length <= 16 {
            Self.copySmall(from: start, to: base + count, count: length)
        } else {
            (base + count).update(from: start, count: length)
        }
        count += length
    }

    /// Copies 1–16 bytes with two loads and two stores of the widest word that fits, the two
    /// words overlapping when `count` is not a multiple of it: names, prefixes and the short runs
    /// between escaped characters, for which a call to `memmove` costs more than the copy.
    @inline(__always)
    private static func copySmall(from source: UnsafePointer<UInt8>, to destination: UnsafeMutablePointer<UInt8>, count: Int) {
        let from = UnsafeRawPointer(source), to = UnsafeMutableRawPointer(destination)
        if count >= 8 {
            let head = from.loadUnaligned(as: UInt64.self), tail = from.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
            to.storeBytes(of: head, as: UInt64.self)
            to.storeBytes(of: tail, toByteOffset: count - 8, as: UInt64.self)
        } else if count >= 4 {
            let head = from.loadUnaligned(as: UInt32.self), tail = from.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
            to.storeBytes(of: head, as: UInt32.self)
            to.storeBytes(of: tail, toByteOffset: count - 4, as: UInt32.self)
        } else {
            destination[0] = source[0]
            if count > 1 { destination[count - 1] = source[count - 1] }
            if count > 2 { destination[1] = source[1] }
        }
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

    /// Appends the bytes of a NUL-terminated string measured with `strlen` and copied whole: for
    /// long strings (namespace URIs) cheaper than ``appendNullTerminated(_:)``'s loop, which
    /// suits short names and prefixes better.
    @inline(__always)
    mutating func appendMeasured(_ start: UnsafePointer<UInt8>) {
        append(start, count: start.withMemoryRebound(to: CChar.self, capacity: 1) { strlen($0) })
    }

    /// How many bytes of the NUL-terminated `string` come before its first byte of `set` (ASCII
    /// bytes ending in an explicit NUL, as for ``appendEscaping(_:escaped:_:)``) or its NUL.
    @inline(__always)
    static func runLength(_ string: UnsafePointer<UInt8>, before set: StaticString) -> Int {
        let set = UnsafeRawPointer(set.utf8Start).assumingMemoryBound(to: CChar.self)
        return string.withMemoryRebound(to: CChar.self, capacity: 1) { strcspn($0, set) }
    }

    /// Appends the NUL-terminated `string`, writing `replacement(byte)` instead of each byte of
    /// `escaped` (the byte itself when it returns nil). `escaped` lists ASCII bytes and ends in
    /// an explicit NUL (`"&<>\r\0"`); at most 16 of them keep `strcspn` on its SSE 4.2 path.
    ///
    /// `strcspn` finds each run without such a byte and the run is copied whole: text and
    /// attribute values are mostly long runs (Base64, digests, identifiers), which a loop over
    /// the bytes pays some seven instructions a byte for, and `strcspn` less than one.
    @inline(__always)
    mutating func appendEscaping(_ string: UnsafePointer<UInt8>, escaped: StaticString, _ replacement: (UInt8) -> StaticString?) {
        var cursor = string
        while true {
            let run = Self.runLength(cursor, before: escaped)
            append(cursor, count: run)
            cursor += run
            let byte = cursor.pointee
            if byte == 0 { return }
            if let replacement = replacement(byte) {
                append(replacement.utf8Start, count: replacement.utf8CodeUnitCount)
            } else {
                append(byte)
            }
            cursor += 1
        }
    }

    /// Appends the NUL-terminated `string` from its start up to its NUL or its first byte of
    /// 0x80 or more, writing `replacement(byte)` instead of each byte below 64 whose bit is set
    /// in `escapes` (when it returns one). Returns where it stopped: the NUL or that non-ASCII
    /// byte.
    ///
    /// One branch-free test per byte decides whether a byte may need escaping: Base64 text is
    /// full of digits, `+` and `/`, on which a range check followed by a switch mispredicts.
    @inline(__always)
    mutating func appendEscapingUpToNonASCII(
        _ string: UnsafePointer<UInt8>, escapes: UInt64, _ replacement: (UInt8) -> StaticString?
    ) -> UnsafePointer<UInt8> {
        var runStart = string, cursor = string
        while true {
            let byte = cursor.pointee
            if byte == 0 || byte >= 0x80 { break }
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

    /// Appends the bytes of `other` in `range`.
    @inline(__always)
    mutating func append(_ other: borrowing ByteBuffer, _ range: Range<Int>) {
        precondition(range.lowerBound >= 0 && range.upperBound <= other.count)
        append(other.base + range.lowerBound, count: range.count)
    }

    /// Appends `count` bytes that `initialize` writes, given where they go.
    @inline(__always)
    mutating func append(count length: Int, _ initialize: (UnsafeMutablePointer<UInt8>) -> Void) {
        guard length > 0 else { return }
        if count + length > capacity { grow(toHold: count + length) }
        initialize(base + count)
        count += length
    }

    /// Appends the bytes of an array.
    @inline(__always)
    mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { buffer in
            if let start = buffer.baseAddress { append(start, count: buffer.count) }
        }
    }

    /// Inserts `bytes` at `offset`, moving those after it.
    mutating func insert(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) {
        precondition(offset >= 0 && offset <= count)
        guard let start = bytes.baseAddress, bytes.count > 0 else { return }
        let length = bytes.count
        if count + length > capacity { grow(toHold: count + length) }
        memmove(base + offset + length, base + offset, count - offset)
        (base + offset).update(from: start, count: length)
        count += length
    }

    /// Runs `body` with the bytes written so far.
    func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: base, count: count))
    }

    /// Drops the bytes from `newCount` on.
    mutating func truncate(to newCount: Int) {
        precondition(newCount >= 0 && newCount <= count)
        count = newCount
    }

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
