/// Describes where the output of one of Tessera's writers (``ExclusiveCanonicalWriter``,
/// ``SerializationWriter``) departs from libxml2's output for the same input.
enum WriterDifference {
    /// nil when `own` and `reference` are the same bytes; otherwise `what`, the first offset at
    /// which they differ and both lengths.
    static func describe(_ own: [UInt8], _ reference: [UInt8], _ what: String) -> String? {
        guard own != reference else { return nil }
        let offset = zip(reference, own).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(reference.count, own.count)
        return "\(what) at byte \(offset) (libxml2 \(reference.count) bytes, writer \(own.count) bytes)"
    }
}
