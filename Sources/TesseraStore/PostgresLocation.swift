import Foundation

/// A PostgreSQL server and database, parsed from
/// `postgres://user[:password]@host[:port]/database[?sslmode=MODE]` (or `postgresql://`).
/// User name and password are percent-decoded; the port defaults to 5432; an IPv6 host is
/// written in brackets. The description shows `***` in place of the password.
public struct PostgresLocation: Sendable, Hashable, CustomStringConvertible {
    /// Whether the connection uses TLS (the URL's `sslmode`, `prefer` when absent, as libpq).
    public enum TLSMode: String, Sendable, Hashable, CaseIterable {
        /// Plain TCP.
        case disable
        /// TLS when the server offers it, plain TCP otherwise.
        case prefer
        /// TLS or no connection; the server's certificate must chain to the system's trust roots
        /// and match the host name (libpq's `verify-full`).
        case require
    }

    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    public var tls: TLSMode

    public init(host: String, port: Int = 5432, user: String, password: String?, database: String, tls: TLSMode = .prefer) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
        self.tls = tls
    }

    /// Parses a `postgres://` or `postgresql://` URL; refuses (``StoreError/Code-swift.struct/invalidLocation``)
    /// one without user, host or database, with a path beyond the database, a port outside
    /// 1…65535, a fragment, or a query parameter other than `sslmode=disable|prefer|require`.
    public init(url text: String) throws {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            ["postgres", "postgresql"].contains(scheme)
        else {
            throw StoreLocation.invalid("not a PostgreSQL URL: expected postgres://user@host:port/database")
        }
        guard let user = components.user, !user.isEmpty else {
            throw StoreLocation.invalid("the PostgreSQL URL names no user: postgres://user@host:port/database")
        }
        guard var host = components.percentEncodedHost, !host.isEmpty else {
            throw StoreLocation.invalid("the PostgreSQL URL names no host: postgres://user@host:port/database")
        }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty else {
            throw StoreLocation.invalid("the PostgreSQL URL names no database: postgres://user@host:port/database")
        }
        guard !database.contains("/") else { throw StoreLocation.invalid("the PostgreSQL URL has a path beyond the database name") }
        guard components.fragment == nil else { throw StoreLocation.invalid("the PostgreSQL URL has a fragment (#…)") }
        let port = components.port ?? 5432
        guard (1...65535).contains(port) else { throw StoreLocation.invalid("the PostgreSQL port \(port) is not in 1…65535") }
        var tls = TLSMode.prefer
        for item in components.queryItems ?? [] {
            guard item.name == "sslmode" else {
                throw StoreLocation.invalid("unknown PostgreSQL URL parameter '\(item.name)' (only sslmode is understood)")
            }
            guard let value = item.value, let mode = TLSMode(rawValue: value) else {
                throw StoreLocation.invalid("sslmode is disable, prefer or require")
            }
            tls = mode
        }
        self.init(host: host, port: port, user: user, password: components.password, database: database, tls: tls)
    }

    public var description: String {
        let credentials = password == nil ? user : "\(user):***"
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "postgres://\(credentials)@\(shownHost):\(port)/\(database)?sslmode=\(tls.rawValue)"
    }
}
