import Foundation
import SOAP
import SecureConversation
import Testing
import WSSecurity
import XMLCore

/// `wsc:SecurityContextToken` reading and writing, and the cookie extension element.
@Suite struct SecurityContextTokenTests {
    static func parse(_ inner: String, version: SecureConversationVersion = .v13) throws -> SecurityContextToken {
        let xml = """
            <wsc:SecurityContextToken xmlns:wsc="\(version.namespace)" xmlns:wsu="\(WSSNamespace.utility)" wsu:Id="sct-1">\(inner)</wsc:SecurityContextToken>
            """
        return try SecurityContextToken(element: try XMLDocument(parsing: Array(xml.utf8)).root)
    }

    /// The 2005/02 token as MS-LWSSP §4.3 shows it.
    @Test func readsTheWCFFebruary2005Token() throws {
        let token = try Self.parse("<wsc:Identifier>urn:uuid:8a63487c-662b-40bf-b2df-f3b536062f5e</wsc:Identifier>", version: .v200502)
        #expect(token.version == .v200502)
        #expect(token.identifier == "urn:uuid:8a63487c-662b-40bf-b2df-f3b536062f5e")
        #expect(token.id == "sct-1")
        #expect(token.instance == nil)
        #expect(
            token.attachedReference.map {
                if case .reference(let uri, let type) = $0 { uri == "#sct-1" && type == "http://schemas.xmlsoap.org/ws/2005/02/sc/sct" } else { false }
            } == true)
    }

    @Test(arguments: SecureConversationVersion.allCases)
    func writtenTokenReadsBackWithInstanceAndCookie(_ version: SecureConversationVersion) throws {
        let document = XMLDocument(rootLocalName: "Holder", namespace: nil)
        let token = SecurityContextToken(
            version: version, identifier: SecurityContextToken.newIdentifier(), instance: "urn:uuid:i2",
            id: "SCT-1", cookie: [1, 2, 3])
        let element = token.write(into: document.root)
        #expect(element.firstChild("Cookie", SecurityContextToken.cookieNamespace) != nil)
        let read = try SecurityContextToken(element: try #require(try XMLDocument(parsing: document.serialize()).root.children.first))
        #expect(read == token)
    }

    static let refusals: [(String, String)] = [
        ("no Identifier", "<wsc:Instance>1</wsc:Instance>"),
        ("two Identifiers", "<wsc:Identifier>urn:a</wsc:Identifier><wsc:Identifier>urn:b</wsc:Identifier>"),
        ("empty Identifier", "<wsc:Identifier> </wsc:Identifier>"),
        ("relative Identifier", "<wsc:Identifier>just-a-name</wsc:Identifier>"),
        ("Identifier with spaces", "<wsc:Identifier>urn:a b</wsc:Identifier>"),
        ("over-long Identifier", "<wsc:Identifier>urn:\(String(repeating: "a", count: 600))</wsc:Identifier>"),
        ("unknown wsc child", "<wsc:Identifier>urn:a</wsc:Identifier><wsc:Secret>x</wsc:Secret>"),
        (
            "two cookies",
            #"<wsc:Identifier>urn:a</wsc:Identifier><c:Cookie xmlns:c="http://schemas.microsoft.com/ws/2006/05/security">AQ==</c:Cookie><c:Cookie xmlns:c="http://schemas.microsoft.com/ws/2006/05/security">AQ==</c:Cookie>"#
        ),
    ]

    @Test(arguments: refusals)
    func malformedTokensAreRefused(_ refusal: (String, String)) {
        #expect(throws: WSSecurityError(.invalidSecurityToken, ""), "\(refusal.0)") { try Self.parse(refusal.1) }
    }

    @Test func foreignExtensionsAreIgnored() throws {
        let token = try Self.parse(#"<wsc:Identifier>urn:a</wsc:Identifier><x:Extra xmlns:x="urn:x">1</x:Extra>"#)
        #expect(token.identifier == "urn:a")
    }
}
