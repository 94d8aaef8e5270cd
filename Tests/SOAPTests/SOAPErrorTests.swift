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

    @Test("The fault for an error carries a fixed reason, never the error's own")
    func faultsDoNotLeak() throws {
        let secret = "element {urn:internal}Secret at line 12"
        let codes: [SOAPError.Code] = [
            .notAnEnvelope, .versionMismatch, .missingBody, .duplicateBody, .duplicateHeader, .misplacedHeader,
            .unexpectedContent, .misplacedEnvelopePart, .duplicateSecurityHeader, .invalidMustUnderstand,
            .notUnderstood, .notAFault, .invalidFault, .invalidAddressingHeader,
        ]
        for code in codes {
            let fault = SOAPError(code, secret).fault
            #expect(!fault.reason.contains("Secret"))
            #expect(!fault.reason.isEmpty)
            for version in SOAPVersion.allCases {
                #expect(!fault.envelope(version).serialize().string.contains("Secret"))
            }
        }
    }

    @Test("Errors map to the SOAP and WSS codes their specs name")
    func faultCodes() {
        #expect(SOAPError(.versionMismatch, "").fault.code == .versionMismatch)
        #expect(SOAPError(.notUnderstood, "").fault.code == .mustUnderstand)
        #expect(SOAPError(.duplicateSecurityHeader, "").fault == SOAPFault(WSSFaultCode.invalidSecurity))
        #expect(SOAPError(.invalidAddressingHeader, "").fault.subcode == QName(NS.wsa10, "InvalidAddressingHeader"))
        #expect(SOAPError(.duplicateBody, "").fault == SOAPFault(code: .sender, reason: "The message is not a valid SOAP envelope"))
    }
}
