/// A configuration that cannot be used: every problem found, each naming the field it is about
/// as a path into the file (`relyingParties[2].appliesTo[0].prefix`), so an operator can fix
/// them all in one pass. Nothing in it is secret: paths and values come from the file.
public struct ConfigurationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// One problem with one field.
    public struct Issue: Hashable, Sendable, CustomStringConvertible {
        /// The field's path: keys joined with dots, list positions in brackets; empty for the
        /// file as a whole.
        public let field: String
        /// What is wrong with it, for a person.
        public let problem: String

        public init(field: String, problem: String) {
            self.field = field
            self.problem = problem
        }

        public var description: String { field.isEmpty ? problem : "\(field): \(problem)" }
    }

    /// The file the configuration was read from, when it came from one.
    public let file: String?
    /// At least one problem.
    public let issues: [Issue]

    public init(file: String? = nil, issues: [Issue]) {
        precondition(!issues.isEmpty, "a ConfigurationError names at least one problem")
        self.file = file
        self.issues = issues
    }

    public init(file: String? = nil, field: String, _ problem: String) {
        self.init(file: file, issues: [Issue(field: field, problem: problem)])
    }

    /// The same problems, attributed to `file`.
    public func inFile(_ file: String) -> ConfigurationError {
        ConfigurationError(file: file, issues: issues)
    }

    /// One line per problem, prefixed by the file when known.
    public var description: String {
        let prefix = file.map { "\($0): " } ?? ""
        return issues.map { prefix + $0.description }.joined(separator: "\n")
    }
}

/// A field path built while validating, spelled as ``ConfigurationError/Issue/field`` is.
public struct FieldPath: Hashable, Sendable, CustomStringConvertible {
    public private(set) var description: String

    public init(_ description: String = "") {
        self.description = description
    }

    /// The path of the field `key` below this one.
    public func callAsFunction(_ key: String) -> FieldPath {
        FieldPath(description.isEmpty ? key : "\(description).\(key)")
    }

    /// The path of position `index` of this list.
    public subscript(index: Int) -> FieldPath {
        FieldPath("\(description)[\(index)]")
    }

    /// The path spelled by a decoder's coding path.
    public init(codingPath: [any CodingKey]) {
        var path = FieldPath()
        for key in codingPath {
            path = key.intValue.map { path[$0] } ?? path(key.stringValue)
        }
        self = path
    }
}

/// Collects problems while a configuration is checked.
public struct IssueCollector: Sendable {
    public private(set) var issues: [ConfigurationError.Issue] = []

    public init() {}

    public mutating func add(_ field: FieldPath, _ problem: String) {
        issues.append(.init(field: field.description, problem: problem))
    }

    public mutating func add(contentsOf other: IssueCollector) {
        issues += other.issues
    }

    /// Throws every problem found, if any.
    public func throwIfAny() throws(ConfigurationError) {
        if !issues.isEmpty { throw ConfigurationError(issues: issues) }
    }
}
