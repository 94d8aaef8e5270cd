/// The one error type thrown by TesseraStore.
///
/// Compared by ``code`` only; the ``reason`` is for operators' logs. It never carries secrets,
/// key material or bound query values, but it may name a file or a database error, so it is not
/// for the wire: the SOAP layer answers a store failure with a generic fault.
public struct StoreError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of failure occurred.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Backing: Hashable, Sendable {
            case duplicateRecord
            case contextCancelled
            case invalidRecord
            case corruptRecord
            case masterKeyMismatch
            case secretUnreadable
            case invalidMasterKey
            case masterKeyFileInsecure
            case masterKeyFileUnavailable
            case invalidLocation
            case incompatibleSchema
            case alreadyRunning
            case unavailable
        }

        fileprivate let backing: Backing

        fileprivate init(_ backing: Backing) {
            self.backing = backing
        }

        /// A token with this identifier is already recorded.
        public static let duplicateRecord = Code(.duplicateRecord)
        /// The security context was cancelled; it cannot be saved over (renewed) any more.
        public static let contextCancelled = Code(.contextCancelled)
        /// A record to store is out of bounds (an empty identifier, a field over ``StoreLimits``,
        /// a date outside the representable range).
        public static let invalidRecord = Code(.invalidRecord)
        /// A stored row cannot be read back as a record (an unknown status, a wrong column type).
        public static let corruptRecord = Code(.corruptRecord)
        /// The context's secret was sealed under another master key: without that key it is
        /// unrecoverable.
        public static let masterKeyMismatch = Code(.masterKeyMismatch)
        /// The context's secret failed its integrity check: the row was altered, or its sealed
        /// secret belongs to another row.
        public static let secretUnreadable = Code(.secretUnreadable)
        /// Master key bytes that are not exactly ``MasterKey/byteCount`` long.
        public static let invalidMasterKey = Code(.invalidMasterKey)
        /// The master key file is readable or writable by users other than its owner, or is not
        /// a regular file.
        public static let masterKeyFileInsecure = Code(.masterKeyFileInsecure)
        /// The master key file could not be created, opened or read.
        public static let masterKeyFileUnavailable = Code(.masterKeyFileUnavailable)
        /// A `--store` value that names no store Tessera can open.
        public static let invalidLocation = Code(.invalidLocation)
        /// The database was written by a newer Tessera (unknown migrations), or its schema is not
        /// Tessera's.
        public static let incompatibleSchema = Code(.incompatibleSchema)
        /// ``PostgresStore/run()`` was called while it was already running (or after it ended).
        public static let alreadyRunning = Code(.alreadyRunning)
        /// The database could not answer (I/O error, connection refused, server error).
        public static let unavailable = Code(.unavailable)

        /// A stable name for the code, suitable for logs.
        public var description: String {
            switch backing {
            case .duplicateRecord: "duplicateRecord"
            case .contextCancelled: "contextCancelled"
            case .invalidRecord: "invalidRecord"
            case .corruptRecord: "corruptRecord"
            case .masterKeyMismatch: "masterKeyMismatch"
            case .secretUnreadable: "secretUnreadable"
            case .invalidMasterKey: "invalidMasterKey"
            case .masterKeyFileInsecure: "masterKeyFileInsecure"
            case .masterKeyFileUnavailable: "masterKeyFileUnavailable"
            case .invalidLocation: "invalidLocation"
            case .incompatibleSchema: "incompatibleSchema"
            case .alreadyRunning: "alreadyRunning"
            case .unavailable: "unavailable"
            }
        }
    }

    /// What kind of failure occurred. Two errors are equal when their codes are equal.
    public let code: Code
    /// A human-readable explanation for logs, without secret material.
    public let reason: String

    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    /// Compares by ``code`` only.
    public static func == (lhs: StoreError, rhs: StoreError) -> Bool { lhs.code == rhs.code }

    /// Hashes the ``code`` only, consistent with `==`.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    /// `StoreError.<code>: <reason>`.
    public var description: String { "StoreError.\(code): \(reason)" }
}
