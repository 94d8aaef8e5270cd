import Testing

@testable import SecureConversation

/// The identifiers written into every secured message: RFC 4122 version 4 UUID URNs for
/// WS-Addressing MessageIDs and `prefix-` plus 16 hex digits for `wsu:Id`s.
@Suite struct RandomIdentifierTests {
    private let hex = Set("0123456789abcdef")

    @Test func uuidURNIsAVersion4UUID() {
        var seen = Set<String>()
        for _ in 0..<200 {
            let urn = RandomIdentifier.uuidURN()
            #expect(urn.hasPrefix("urn:uuid:"))
            let groups = urn.dropFirst("urn:uuid:".count).split(separator: "-", omittingEmptySubsequences: false)
            #expect(groups.map(\.count) == [8, 4, 4, 4, 12], "\(urn)")
            #expect(groups.allSatisfy { $0.allSatisfy(hex.contains) }, "\(urn)")
            #expect(groups.count == 5 && groups[2].first == "4", "version 4: \(urn)")
            #expect(groups.count == 5 && groups[3].first.map { "89ab".contains($0) } == true, "RFC 4122 variant: \(urn)")
            seen.insert(urn)
        }
        #expect(seen.count == 200)
    }

    @Test func idIsThePrefixAnd16HexDigits() {
        let id = RandomIdentifier.id("DK")
        #expect(id.hasPrefix("DK-"))
        #expect(id.count == 19)
        #expect(id.dropFirst(3).allSatisfy(hex.contains))
        #expect(RandomIdentifier.id("DK") != id)
    }
}
