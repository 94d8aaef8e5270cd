/// Expanded names prepared once for a search run over every message, such as the SOAP envelope's
/// shape check (``XMLElement/firstDescendant(namedAnyOf:)-(QNameList)``): the names are laid out
/// as libxml2 compares them when the list is made, not on each search.
public struct QNameList: Sendable {
    let names: LibXML2NameList

    public init(_ names: [QName]) {
        self.names = LibXML2NameList(names)
    }
}
