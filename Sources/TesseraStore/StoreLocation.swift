import Foundation
public import Logging

/// Where a store lives, as the `--store` flag gives it:
///
/// - a filesystem path (`./tessera-data/store.sqlite`) or `sqlite:PATH` → ``SQLiteStore``;
/// - `postgres://user[:password]@host[:port]/database[?sslmode=disable|prefer|require]`, or the
///   same with `postgresql://` → ``PostgresStore`` (port 5432 when omitted; see ``PostgresLocation``).
///
/// Anything else is refused with ``StoreError/Code-swift.struct/invalidLocation`` and a reason
/// that says what was expected: an empty value, another URL scheme (`mysql://…`), `sqlite://…`
/// (write `sqlite:PATH`), `postgres:` without `//`, a PostgreSQL URL without user, host or
/// database, a bad port, an unknown query parameter. The description never shows a password.
public enum StoreLocation: Sendable, Hashable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(PostgresLocation)

    public init(parsing text: String) throws {
        guard !text.isEmpty else { throw Self.invalid("the store location is empty") }
        guard !text.utf8.contains(0) else { throw Self.invalid("the store location contains a NUL byte") }
        if text.hasPrefix("sqlite:") {
            let path = String(text.dropFirst("sqlite:".count))
            guard !path.isEmpty else { throw Self.invalid("sqlite: needs a path, as in sqlite:/var/lib/tessera/store.sqlite") }
            guard !path.hasPrefix("//") else {
                throw Self.invalid("write sqlite:PATH (sqlite:/var/lib/tessera/store.sqlite), not a sqlite:// URL")
            }
            self = .sqlite(path: path)
            return
        }
        if let scheme = Self.scheme(of: text) {
            guard ["postgres", "postgresql"].contains(scheme.lowercased()) else {
                throw Self.invalid("unsupported store scheme '\(scheme)': use a path, sqlite:PATH or postgres://user@host:port/database")
            }
            self = .postgres(try PostgresLocation(url: text))
            return
        }
        let lowercased = text.lowercased()
        if lowercased.hasPrefix("postgres:") || lowercased.hasPrefix("postgresql:") {
            throw Self.invalid("a PostgreSQL location is a URL: postgres://user@host:port/database")
        }
        self = .sqlite(path: text)
    }

    /// Opens the store: an ``SQLiteStore`` at once (the file is created and migrated), or a
    /// ``PostgresStore`` that connects and creates its schema when its `run()` starts.
    public func open(masterKey: MasterKey, logger: Logger) throws -> any DurableStore {
        switch self {
        case .sqlite(let path): try SQLiteStore(path: path, masterKey: masterKey)
        case .postgres(let location): try PostgresStore(location: location, masterKey: masterKey, logger: logger)
        }
    }

    public var description: String {
        switch self {
        case .sqlite(let path): "sqlite:\(path)"
        case .postgres(let location): location.description
        }
    }

    /// The scheme of `text` when it starts like a URL (`scheme://`).
    private static func scheme(of text: String) -> String? {
        guard let range = text.range(of: "://") else { return nil }
        let scheme = text[..<range.lowerBound]
        guard let first = scheme.first, first.isASCII, first.isLetter,
            scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+.-".contains($0)) })
        else { return nil }
        return String(scheme)
    }

    static func invalid(_ reason: String) -> StoreError {
        StoreError(.invalidLocation, reason)
    }
}
