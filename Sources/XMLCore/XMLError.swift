/// An error raised while parsing, navigating or canonicalizing XML.
///
/// Errors are compared by ``code``; ``reason`` is a human-readable explanation that never
/// carries document content beyond names and positions.
public struct XMLError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: Hashable, Sendable {
            case malformed, doctypeForbidden, limitExceeded, duplicateID, unknownID
            case invalidStructure, canonicalizationFailed, unresolvedPrefix
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// The bytes are not well-formed XML (or not UTF-8 compatible).
        public static let malformed = Code(.malformed)
        /// The document contains a document type declaration; SOAP forbids DTDs.
        public static let doctypeForbidden = Code(.doctypeForbidden)
        /// A configured parsing limit (size, depth, attributes, namespaces, text) was exceeded.
        public static let limitExceeded = Code(.limitExceeded)
        /// One ID value is carried by two elements (a signature-wrapping vector).
        public static let duplicateID = Code(.duplicateID)
        /// A same-document reference names an ID no element carries.
        public static let unknownID = Code(.unknownID)
        /// An element is missing, misplaced or has an unexpected form.
        public static let invalidStructure = Code(.invalidStructure)
        /// libxml2 failed to canonicalize the node set.
        public static let canonicalizationFailed = Code(.canonicalizationFailed)
        /// A QName value uses a prefix with no namespace declaration in scope.
        public static let unresolvedPrefix = Code(.unresolvedPrefix)

        public var description: String { String(describing: value) }
    }

    public let code: Code
    public let reason: String

    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    public var description: String { "\(code): \(reason)" }

    public static func == (lhs: XMLError, rhs: XMLError) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
