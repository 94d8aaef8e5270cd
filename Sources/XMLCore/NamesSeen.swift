/// The child names a reader has met, for refusing a child that may occur once but is repeated.
/// Readers run it over every child of every message, so the few names they interpret are
/// compared in place and recorded as bits; any other name goes into a set.
public struct NamesSeen {
    private let known: [String]
    private var knownSeen: UInt64 = 0
    private var others: Set<String> = []

    /// A record of no names yet; `known` (at most 64) are the names met most often.
    public init(known: [String]) {
        precondition(known.count <= 64, "NamesSeen: at most 64 known names")
        self.known = known
    }

    /// Records `name`; false when it was recorded before.
    public mutating func insert(_ name: String) -> Bool {
        guard let index = known.firstIndex(of: name) else { return others.insert(name).inserted }
        let bit: UInt64 = 1 << index
        defer { knownSeen |= bit }
        return knownSeen & bit == 0
    }
}
