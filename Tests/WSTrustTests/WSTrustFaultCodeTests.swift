import SOAP
import Testing
import WSTrust

@Suite("WS-Trust fault codes")
struct WSTrustFaultCodeTests {
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

    @Test("A WSTrustError faults with the code of its version, written with the wst prefix")
    func errorCodes() throws {
        let fault = WSTrustError(.invalidScope, "no such service").fault(.v200502)
        #expect(fault.securityFaultCode == WSTrustFaultCode.v200502.invalidScope)
        let reread = try SOAPFault(envelope: SOAPEnvelope(parsing: fault.envelope(.v11).serialize()))
        #expect(reread.securityFaultCode?.description == "wst:InvalidScope")
        #expect(reread.reason == "no such service")
    }
}
