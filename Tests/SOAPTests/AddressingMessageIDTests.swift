import Foundation
import SOAP
import Testing

/// `AddressingHeaders.newMessageID()`: a lowercase `urn:uuid:` version 4 UUID, fresh each call.
struct AddressingMessageIDTests {
    @Test func isALowercaseVersion4UUIDURN() throws {
        for _ in 0..<200 {
            let id = AddressingHeaders.newMessageID()
            #expect(id.hasPrefix("urn:uuid:"))
            let text = String(id.dropFirst("urn:uuid:".count))
            #expect(text == text.lowercased())
            let uuid = try #require(UUID(uuidString: text))
            #expect(uuid.uuidString.lowercased() == text)
            let bytes = withUnsafeBytes(of: uuid.uuid) { Array($0) }
            #expect(bytes[6] >> 4 == 4)
            #expect(bytes[8] & 0xC0 == 0x80)
        }
    }

    @Test func differsFromCallToCall() {
        let ids = Set((0..<1_000).map { _ in AddressingHeaders.newMessageID() })
        #expect(ids.count == 1_000)
    }
}
