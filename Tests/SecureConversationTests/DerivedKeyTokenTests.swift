import Foundation
import SOAP
import SecureConversation
import Testing
import WSSecurity
import XMLCore

/// `wsc:DerivedKeyToken` reading and writing in both forms and both versions, and the bounds on
/// every value that comes from the wire.
@Suite struct DerivedKeyTokenTests {
    static let nonce = "Kq/1ptgjZpX2g1q6MiJcSQ=="  // 16 bytes

    static func parse(_ inner: String, version: SecureConversationVersion = .v13, attributes: String = "") throws -> DerivedKeyToken {
        let xml = """
            <wsc:DerivedKeyToken xmlns:wsc="\(version.namespace)" xmlns:wsse="\(WSSNamespace.secext)" xmlns:wsu="\(WSSNamespace.utility)" \
            wsu:Id="DK-1" \(attributes)>\(inner)</wsc:DerivedKeyToken>
            """
        return try DerivedKeyToken(element: try XMLDocument(parsing: Array(xml.utf8)).root)
    }

    static let reference =
        #"<wsse:SecurityTokenReference><wsse:Reference URI="urn:uuid:c1" ValueType="http://docs.oasis-open.org/ws-sx/ws-secureconversation/200512/sct"/></wsse:SecurityTokenReference>"#

    @Test func offsetFormAsWCFWritesIt() throws {
        let token = try Self.parse(Self.reference + "<wsc:Offset>0</wsc:Offset><wsc:Length>24</wsc:Length><wsc:Nonce>\(Self.nonce)</wsc:Nonce>")
        #expect(token.version == .v13)
        #expect(token.id == "DK-1")
        #expect(token.position == .offset(0))
        #expect(token.effectiveLength == 24)
        #expect(token.effectiveLabel == Array("WS-SecureConversationWS-SecureConversation".utf8))
        #expect(token.nonce == [UInt8](Data(base64Encoded: Self.nonce)!))
        guard case .reference(let uri, let valueType)? = token.reference else { Issue.record("no reference"); return }
        #expect(uri == "urn:uuid:c1")
        #expect(valueType == SecureConversationVersion.v13.tokenType.rawValue)
    }

    @Test func generationFormWithLabelAndDefaults() throws {
        let token = try Self.parse(
            "<wsc:Generation>2</wsc:Generation><wsc:Label>L</wsc:Label><wsc:Nonce>\(Self.nonce)</wsc:Nonce>",
            version: .v200502, attributes: #"Algorithm="http://schemas.xmlsoap.org/ws/2005/02/sc/dk/p_sha1""#)
        #expect(token.version == .v200502)
        #expect(token.position == .generation(2))
        #expect(token.length == nil)
        #expect(token.effectiveLength == 32)  // WS-SC default
        #expect(token.effectiveOffset == 64)
        #expect(token.effectiveLabel == Array("L".utf8))
    }

    @Test func propertiesGiveLabelAndNonce() throws {
        let token = try Self.parse("<wsc:Properties><wsc:Name>urn:k</wsc:Name><wsc:Label>P</wsc:Label><wsc:Nonce>\(Self.nonce)</wsc:Nonce></wsc:Properties>")
        #expect(token.properties?.name == "urn:k")
        #expect(token.effectiveLabel == Array("P".utf8))
        #expect(token.effectiveNonce?.count == 16)
    }

    @Test(arguments: SecureConversationVersion.allCases, [DerivedKeyToken.Position.offset(40), .generation(1)])
    func writtenTokensReadBack(_ version: SecureConversationVersion, _ position: DerivedKeyToken.Position) throws {
        let document = XMLDocument(rootLocalName: "Security", namespace: WSSNamespace.secext, prefix: "wsse")
        var token = DerivedKeyToken(
            version: version, id: "DK-9", reference: .reference(uri: "#SCT-1", valueType: version.tokenType.rawValue),
            position: position, length: 20, label: "label", nonce: [UInt8](repeating: 7, count: 16))
        token.properties = .init(name: "urn:name")
        token.write(into: document.root)
        let read = try DerivedKeyToken(element: try #require(try XMLDocument(parsing: document.serialize()).root.children.first))
        #expect(read.version == version)
        #expect(read.id == "DK-9")
        #expect(read.position == position)
        #expect(read.length == 20)
        #expect(read.label == "label")
        #expect(read.nonce == token.nonce)
        #expect(read.properties?.name == "urn:name")
        let secret = [UInt8](repeating: 1, count: 32)
        #expect(try read.deriveKey(from: secret) == token.deriveKey(from: secret))
    }

    // MARK: Limits (named constants in DerivedKeyToken.Limits)

    @Test func limitsAreWhatTheDocumentationSays() {
        #expect(DerivedKeyToken.Limits.maximumLength == 64)
        #expect(DerivedKeyToken.Limits.maximumOffset == 1024)
        #expect(DerivedKeyToken.Limits.minimumNonceBytes == 16)
        #expect(DerivedKeyToken.Limits.maximumNonceBytes == 128)
    }

    @Test func boundaryValuesAreAccepted() throws {
        let longestNonce = Data(repeating: 1, count: 128).base64EncodedString()
        let token = try Self.parse("<wsc:Offset>960</wsc:Offset><wsc:Length>64</wsc:Length><wsc:Nonce>\(longestNonce)</wsc:Nonce>")
        #expect(token.effectiveOffset + token.effectiveLength == 1024)
        #expect(try Self.parse("<wsc:Generation>16</wsc:Generation><wsc:Length>64</wsc:Length>").effectiveOffset == 1024)
    }

    static let refusals: [(String, String)] = [
        ("Length over 64", "<wsc:Length>65</wsc:Length>"),
        ("Length 0", "<wsc:Length>0</wsc:Length>"),
        ("Length 1: a key guessed in 256 tries", "<wsc:Length>1</wsc:Length>"),
        ("Length 15: under the 128-bit floor", "<wsc:Length>15</wsc:Length>"),
        ("huge Length", "<wsc:Length>4294967296</wsc:Length>"),
        ("Offset over 1024", "<wsc:Offset>1025</wsc:Offset>"),
        ("negative Offset", "<wsc:Offset>-1</wsc:Offset>"),
        ("signed Offset", "<wsc:Offset>+5</wsc:Offset>"),
        ("Generation over the limit", "<wsc:Generation>1025</wsc:Generation>"),
        ("Generation × Length over the offset limit", "<wsc:Generation>33</wsc:Generation><wsc:Length>32</wsc:Length>"),
        ("Generation × default Length over the offset limit", "<wsc:Generation>33</wsc:Generation>"),
        ("both Offset and Generation", "<wsc:Offset>0</wsc:Offset><wsc:Generation>0</wsc:Generation>"),
        ("Nonce of 15 bytes", "<wsc:Nonce>\(Data(repeating: 1, count: 15).base64EncodedString())</wsc:Nonce>"),
        ("Nonce of 129 bytes", "<wsc:Nonce>\(Data(repeating: 1, count: 129).base64EncodedString())</wsc:Nonce>"),
        ("Nonce not Base64", "<wsc:Nonce>not base64!</wsc:Nonce>"),
        ("Label over 128 bytes", "<wsc:Label>\(String(repeating: "x", count: 129))</wsc:Label>"),
        ("repeated Length", "<wsc:Length>16</wsc:Length><wsc:Length>16</wsc:Length>"),
        ("unknown child", "<wsc:Salt>1</wsc:Salt>"),
        ("non-numeric Length", "<wsc:Length>sixteen</wsc:Length>"),
        ("space inside a Length", "<wsc:Length>2 4</wsc:Length>"),
        ("empty Length", "<wsc:Length> </wsc:Length>"),
        ("Length of 11 digits", "<wsc:Length>00000000024</wsc:Length>"),
        ("a non-breaking space before the Length", "<wsc:Length>\u{A0}24</wsc:Length>"),
        ("wsc:Length in another namespace", #"<o:Length xmlns:o="urn:other">24</o:Length>"#),
    ]

    /// Numbers are read between XML whitespace, in one text node or several.
    @Test(arguments: ["<wsc:Length>\n 24\t</wsc:Length>", "<wsc:Length>0000000024</wsc:Length>", "<wsc:Length>2<!-- split -->4</wsc:Length>"])
    func numbersAreReadAroundWhitespaceAndComments(_ length: String) throws {
        #expect(try Self.parse(length).length == 24)
    }

    @Test(arguments: refusals)
    func outOfBoundsTokensAreRefused(_ refusal: (String, String)) {
        #expect(throws: WSSecurityError(.invalidSecurityToken, ""), "\(refusal.0)") { try Self.parse(refusal.1) }
    }

    @Test func foreignAlgorithmIsRefused() {
        #expect(throws: WSSecurityError(.unsupportedAlgorithm, "")) {
            try Self.parse("<wsc:Length>16</wsc:Length>", attributes: #"Algorithm="http://example.com/dk/hkdf""#)
        }
    }

    @Test func derivationRefusesOutOfBoundTokensBuiltInCode() {
        let token = DerivedKeyToken(version: .v13, id: nil, reference: nil, position: .offset(2048), length: 16, nonce: nil)
        #expect(throws: WSSecurityError(.invalidSecurityToken, "")) { try token.deriveKey(from: [1, 2, 3]) }
    }
}
