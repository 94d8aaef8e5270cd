import SOAP
import Testing
import XMLCore
import XMLSecurity

@testable import SecureConversation
@testable import WSSecurity

/// A service reads a request's addressing headers before verifying it and relies on that read
/// afterwards only when verifying replaced nothing outside the Body; otherwise it reads them again.
@Suite struct VerifiedAddressingTests {
    static let before = AddressingHeaders(action: "urn:read-before-verifying")

    static func request() -> SOAPEnvelope {
        let request = SOAPEnvelope(version: .v12)
        AddressingHeaders(action: "urn:in-the-message").write(to: request)
        return request
    }

    static func security(decryptedUnder parent: XMLElement) -> SecurityHeaderResult {
        var security = SecurityHeaderResult()
        security.decryptions = [
            DecryptedContent(type: .content, parent: parent, elements: [], algorithm: .aes256CBC, encryptedDataID: nil)
        ]
        return security
    }

    @Test func aReadKeptWhenOnlyTheBodyWasDecrypted() throws {
        let request = Self.request()
        for security in [SecurityHeaderResult(), Self.security(decryptedUnder: request.body)] {
            let read = try SecureConversationService.verifiedAddressing(of: request, readBefore: .some(Self.before), security: security)
            #expect(read?.action == Self.before.action)
        }
    }

    @Test func readAgainWhenAHeaderWasDecrypted() throws {
        let request = Self.request()
        let header = try #require(request.header)
        let read = try SecureConversationService.verifiedAddressing(
            of: request, readBefore: .some(Self.before), security: Self.security(decryptedUnder: header))
        #expect(read?.action == "urn:in-the-message")
    }

    @Test func readAgainWhenTheFirstReadFailed() throws {
        let request = Self.request()
        #expect(
            try SecureConversationService.verifiedAddressing(of: request, readBefore: nil, security: SecurityHeaderResult())?.action == "urn:in-the-message")
        request.addHeaderBlock("Action", WSAddressingVersion.v10.namespace, prefix: "wsa").setText("urn:second")
        #expect(throws: SOAPError.self) {
            try SecureConversationService.verifiedAddressing(of: request, readBefore: nil, security: SecurityHeaderResult())
        }
    }
}
