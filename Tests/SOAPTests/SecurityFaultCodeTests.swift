import SOAP
import Testing
import XMLCore

@Suite("Security fault codes")
struct SecurityFaultCodeTests {
    @Test("WSS codes are in the wsse namespace, MessageExpired in wsu")
    func wss() {
        #expect(
            WSSFaultCode.all.map(\.name.localName) == [
                "UnsupportedSecurityToken", "UnsupportedAlgorithm", "InvalidSecurity", "InvalidSecurityToken",
                "FailedAuthentication", "FailedCheck", "SecurityTokenUnavailable", "MessageExpired",
            ])
        #expect(WSSFaultCode.all.dropLast().allSatisfy { $0.name.namespace == NS.wsse && $0.preferredPrefix == "wsse" })
        #expect(WSSFaultCode.messageExpired.name == QName(NS.wsu, "MessageExpired"))
        #expect(WSSFaultCode.messageExpired.description == "wsu:MessageExpired")
        #expect(WSSFaultCode.invalidSecurity.defaultReason == "An error was discovered processing the <wsse:Security> header.")
    }

    @Test("Codes compare by name: the prefix and the reason are how a code is written")
    func equality() {
        let written = SecurityFaultCode(NS.wsse, "FailedCheck", prefix: "ns1", reason: "another text")
        #expect(written == WSSFaultCode.failedCheck)
        #expect(Set([written, WSSFaultCode.failedCheck]).count == 1)
        #expect(WSSFaultCode.messageExpiredInSecext != WSSFaultCode.messageExpired)
        #expect(Set(WSSFaultCode.all.map(\.name)).count == WSSFaultCode.all.count)
        #expect(WSSFaultCode.all.allSatisfy { !$0.defaultReason.isEmpty })
    }
}
