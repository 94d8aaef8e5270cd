import StoreProtocols

/// Status columns read back: a value no Tessera writes is a corrupt row, never a crash.
enum StoredStatus {
    static func token(_ rawValue: String) throws -> IssuedTokenRecord.Status {
        guard let status = IssuedTokenRecord.Status(rawValue: rawValue) else {
            throw StoreError(.corruptRecord, "a stored token has an unknown status")
        }
        return status
    }

    static func context(_ rawValue: String) throws -> SecurityContextRecord.Status {
        guard let status = SecurityContextRecord.Status(rawValue: rawValue) else {
            throw StoreError(.corruptRecord, "a stored context has an unknown status")
        }
        return status
    }
}
