import GRDB
import GRDBSQLite

/// The statements the STS runs on the writer connection for every token it issues: the replay
/// read, `BEGIN IMMEDIATE`, the replay entry's upsert, the token record's insert, `COMMIT` and
/// `ROLLBACK`. They are prepared once (GRDB owns them, and finalizes them with the connection)
/// and bound and stepped through SQLite's C API. For statements this short, GRDB's per-call
/// machinery (a look-up of the SQL text in the statement cache, boxed `StatementArguments`,
/// the execution observers) costs a good part of what SQLite itself does: `scripts/bench --sts`
/// sets this store path beside the same statements in C (`scripts/reference/sqlite_issuance.c`).
///
/// Used only inside the writer's serialized access (`DatabasePool.writeWithoutTransaction`), so
/// one connection's statements are never stepped by two threads at once.
final class SQLiteIssuanceStatements: @unchecked Sendable {
    struct Prepared {
        let replayRead: PreparedStatement
        let begin: PreparedStatement
        let replayInsert: PreparedStatement
        let tokenInsert: PreparedStatement
        let commit: PreparedStatement
        let rollback: PreparedStatement
    }

    private var prepared: Prepared?

    /// The statements of `db`, the writer connection, prepared on first use.
    func statements(in db: Database) throws -> Prepared {
        if let prepared { return prepared }
        func make(_ sql: String) throws -> PreparedStatement { PreparedStatement(try db.makeStatement(sql: sql), sql: sql) }
        let made = Prepared(
            replayRead: try make(SQLiteStore.replayReadSQL), begin: try make("BEGIN IMMEDIATE"),
            replayInsert: try make(SQLiteStore.replayInsertSQL), tokenInsert: try make(SQLiteStore.tokenInsertSQL),
            commit: try make("COMMIT"), rollback: try make("ROLLBACK"))
        prepared = made
        return made
    }
}

/// One prepared statement, bound and stepped through SQLite's C API; every call resets it
/// first, so a statement left by an error never holds its previous values.
struct PreparedStatement {
    /// Keeps GRDB's statement (and so the `sqlite3_stmt`) alive.
    private let statement: Statement
    private let handle: OpaquePointer
    private let sql: String

    init(_ statement: Statement, sql: String) {
        self.statement = statement
        handle = statement.sqliteStatement
        self.sql = sql
    }

    /// The values a statement binds, in parameter order.
    enum Value {
        case text(String)
        case blob([UInt8])
        case integer(Int64)
        case null
    }

    /// Runs the statement to completion with `values` bound; returns the first column of its
    /// first row (nil for a statement that returns no row).
    @discardableResult
    func run(_ values: [Value] = [], in db: Database) throws -> Int64? {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        for (index, value) in values.enumerated() {
            try check(bind(value, at: Int32(index + 1)), in: db)
        }
        var first: Int64?
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else {
                sqlite3_reset(handle)
                throw error(code, in: db)
            }
            if first == nil { first = sqlite3_column_int64(handle, 0) }
        }
        sqlite3_reset(handle)
        return first
    }

    private func bind(_ value: Value, at index: Int32) -> Int32 {
        switch value {
        case .text(let text):
            var text = text
            return text.withUTF8 { sqlite3_bind_text(handle, index, $0.baseAddress, Int32($0.count), SQLITE_TRANSIENT) }
        case .blob(let bytes):
            return bytes.withUnsafeBytes { sqlite3_bind_blob(handle, index, $0.baseAddress, Int32($0.count), SQLITE_TRANSIENT) }
        case .integer(let integer):
            return sqlite3_bind_int64(handle, index, integer)
        case .null:
            return sqlite3_bind_null(handle, index)
        }
    }

    private func check(_ code: Int32, in db: Database) throws {
        guard code == SQLITE_OK else { throw error(code, in: db) }
    }

    private func error(_ code: Int32, in db: Database) -> DatabaseError {
        let message = db.sqliteConnection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
        return DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: sql)
    }
}

/// SQLite copies the bytes of a value bound with this destructor before the call returns.
private let SQLITE_TRANSIENT = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
