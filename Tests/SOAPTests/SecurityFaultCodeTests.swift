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

    @Test("WS-Trust codes exist in both namespaces with the same names and reasons")
    func trust() {
        let names = [
            "InvalidRequest", "FailedAuthentication", "RequestFailed", "InvalidSecurityToken", "AuthenticationBadElements",
            "BadRequest", "ExpiredData", "InvalidTimeRange", "InvalidScope", "RenewNeeded", "UnableToRenew",
        ]
        #expect(WSTrustFaultCode.v13.all.map(\.name.localName) == names)
        #expect(WSTrustFaultCode.v200502.all.map(\.name.localName) == names)
        #expect(WSTrustFaultCode.v13.all.allSatisfy { $0.name.namespace == "http://docs.oasis-open.org/ws-sx/ws-trust/200512" })
        #expect(WSTrustFaultCode.v200502.all.allSatisfy { $0.name.namespace == "http://schemas.xmlsoap.org/ws/2005/02/trust" })
        #expect(WSTrustFaultCode.v13.all.map(\.defaultReason) == WSTrustFaultCode.v200502.all.map(\.defaultReason))
        #expect(WSTrustFaultCode.v13.invalidRequest.description == "wst:InvalidRequest")
    }

    @Test("WS-SecureConversation codes exist in both namespaces")
    func secureConversation() {
        let names = ["BadContextToken", "UnsupportedContextToken", "UnknownDerivationSource", "RenewNeeded", "UnableToRenew"]
        #expect(WSSCFaultCode.v13.all.map(\.name.localName) == names)
        #expect(WSSCFaultCode.v200502.all.map(\.name.localName) == names)
        #expect(WSSCFaultCode.v13.badContextToken.name.namespace == "http://docs.oasis-open.org/ws-sx/ws-secureconversation/200512")
        #expect(WSSCFaultCode.v200502.badContextToken.name.namespace == "http://schemas.xmlsoap.org/ws/2005/02/sc")
        #expect(WSSCFaultCode.v13.renewNeeded != WSTrustFaultCode.v13.renewNeeded)
    }

    @Test("Every code has a reason and a distinct name, and is found by name")
    func lookup() {
        let all = SecurityFaultCode.all
        #expect(Set(all.map(\.name)).count == all.count)
        #expect(all.allSatisfy { !$0.defaultReason.isEmpty })
        for code in all {
            #expect(SecurityFaultCode.known(code.name) == code)
        }
        #expect(SecurityFaultCode.known(QName(NS.wsse, "MessageExpired")) == WSSFaultCode.messageExpiredInSecext)
        #expect(SecurityFaultCode.known(QName(NS.wsse, "NoSuchCode")) == nil)
    }
}
