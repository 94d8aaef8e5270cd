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
