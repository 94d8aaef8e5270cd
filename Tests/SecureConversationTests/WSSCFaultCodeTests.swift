import SecureConversation
import Testing
import WSTrust

@Suite("WS-SecureConversation fault codes")
struct WSSCFaultCodeTests {
    @Test("WS-SecureConversation codes exist in both namespaces")
    func secureConversation() {
        let names = ["BadContextToken", "UnsupportedContextToken", "UnknownDerivationSource", "RenewNeeded", "UnableToRenew"]
        #expect(WSSCFaultCode.v13.all.map(\.name.localName) == names)
        #expect(WSSCFaultCode.v200502.all.map(\.name.localName) == names)
        #expect(WSSCFaultCode.v13.badContextToken.name.namespace == "http://docs.oasis-open.org/ws-sx/ws-secureconversation/200512")
        #expect(WSSCFaultCode.v200502.badContextToken.name.namespace == "http://schemas.xmlsoap.org/ws/2005/02/sc")
        #expect(WSSCFaultCode.v13.badContextToken.description == "wsc:BadContextToken")
        #expect(WSSCFaultCode.v13.renewNeeded != WSTrustFaultCode.v13.renewNeeded)
        #expect(SecureConversationVersion.v13.faultCodes == WSSCFaultCode.v13)
    }
}
