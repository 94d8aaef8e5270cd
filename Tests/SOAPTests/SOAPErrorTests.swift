import SOAP
import Testing
import XMLCore

@Suite("SOAPError")
struct SOAPErrorTests {
    @Test("Errors compare by code, not reason")
    func equality() {
        #expect(SOAPError(.duplicateBody, "a") == SOAPError(.duplicateBody, "b"))
        #expect(SOAPError(.duplicateBody, "a") != SOAPError(.duplicateHeader, "a"))
        #expect(Set([SOAPError(.missingBody, "x"), SOAPError(.missingBody, "y")]).count == 1)
    }
}
