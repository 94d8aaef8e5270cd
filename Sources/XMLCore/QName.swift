/// An expanded XML name: a namespace URI (nil for no namespace) and a local name.
public struct QName: Hashable, Sendable, CustomStringConvertible {
    public let namespace: String?
    public let localName: String

    public init(_ namespace: String?, _ localName: String) {
        self.namespace = namespace
        self.localName = localName
    }

    /// Clark notation, `{namespace}localName`, for diagnostics.
    public var description: String {
        namespace.map { "{\($0)}\(localName)" } ?? localName
    }
}
