/// What an `xenc:EncryptedData` replaces (XML-Enc §3.5.1 Type attribute).
public enum EncryptedDataType: String, Sendable {
    /// The whole element.
    case element = "http://www.w3.org/2001/04/xmlenc#Element"
    /// The element's children.
    case content = "http://www.w3.org/2001/04/xmlenc#Content"
}
