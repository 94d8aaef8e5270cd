/// Hard limits applied to every parsed document. Defaults suit SOAP messages carrying
/// security tokens; raise them deliberately, never by accident.
public struct XMLParsingLimits: Hashable, Sendable {
    /// Largest accepted document, in bytes.
    public var maxDocumentBytes: Int
    /// Deepest accepted element nesting (the root is depth 1).
    public var maxDepth: Int
    /// Most attributes on one element (namespace declarations not included).
    public var maxAttributesPerElement: Int
    /// Most namespace declarations on one element.
    public var maxNamespaceDeclarationsPerElement: Int
    /// Largest single text node or attribute value, in bytes.
    public var maxTextBytes: Int
    /// Most elements in one document.
    public var maxElements: Int

    public init(
        maxDocumentBytes: Int = 10 << 20,
        maxDepth: Int = 64,
        maxAttributesPerElement: Int = 32,
        maxNamespaceDeclarationsPerElement: Int = 32,
        maxTextBytes: Int = 4 << 20,
        maxElements: Int = 50_000
    ) {
        self.maxDocumentBytes = maxDocumentBytes
        self.maxDepth = maxDepth
        self.maxAttributesPerElement = maxAttributesPerElement
        self.maxNamespaceDeclarationsPerElement = maxNamespaceDeclarationsPerElement
        self.maxTextBytes = maxTextBytes
        self.maxElements = maxElements
    }

    /// The defaults.
    public static let `default` = XMLParsingLimits()
}
