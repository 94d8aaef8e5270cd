import Testing
import TesseraLoadKit

@Suite struct ResponseOutcomeTests {
    static let rstr = Array(
        #"<s:Envelope><s:Body><wst:RequestSecurityTokenResponseCollection xmlns:wst="x"><wst:RequestSecurityTokenResponse><wst:RequestedSecurityToken><saml2:Assertion xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion" ID="_1"/></wst:RequestedSecurityToken></wst:RequestSecurityTokenResponse></wst:RequestSecurityTokenResponseCollection></s:Body></s:Envelope>"#
            .utf8)

    @Test func issuedTokenFaultAndTheRest() {
        #expect(ResponseOutcome.classify(status: 200, body: Self.rstr) == .token)
        #expect(ResponseOutcome.classify(status: 200, body: Array("<html>ok</html>".utf8)) == .unexpected)
        #expect(ResponseOutcome.classify(status: 200, body: [UInt8]()) == .unexpected)
        #expect(ResponseOutcome.classify(status: 500, body: Array("<s:Fault/>".utf8)) == .fault)
        #expect(ResponseOutcome.classify(status: 400, body: Array("<s:Fault/>".utf8)) == .fault)
        #expect(ResponseOutcome.classify(status: 413, body: [UInt8]()) == .unexpected)
        #expect(ResponseOutcome.classify(status: 302, body: Self.rstr) == .unexpected)
    }

    @Test func anRSTRWithoutAnAssertionIsUnexpected() {
        let withoutToken = Array(
            #"<wst:RequestSecurityTokenResponse xmlns:a="urn:oasis:names:tc:SAML:2.0:assertion"><wst:RequestedSecurityToken/></wst:RequestSecurityTokenResponse>"#
                .utf8)
        #expect(ResponseOutcome.classify(status: 200, body: withoutToken) == .unexpected)
        // An assertion before the RSTR (in a header) does not count.
        let assertionOutside = Array("<saml:Assertion/><wst:RequestSecurityTokenResponse/>".utf8)
        #expect(ResponseOutcome.classify(status: 200, body: assertionOutside) == .unexpected)
    }

    @Test func unprefixedAssertionsAndMarkersAtTheVeryEndAreFound() {
        #expect(ResponseOutcome.classify(status: 200, body: Array("<RequestSecurityTokenResponse><Assertion".utf8)) == .token)
        #expect(ResponseOutcome.classify(status: 200, body: Array("xRequestSecurityTokenResponse:Assertion".utf8)) == .token)
        #expect(ResponseOutcome.classify(status: 200, body: Array("xRequestSecurityTokenResponse:Assertio".utf8)) == .unexpected)
        #expect(ResponseOutcome.classify(status: 200, body: Array("RequestSecurityTokenRespons:Assertion".utf8)) == .unexpected)
    }

    @Test func aMarkerDecidesForOtherServices() {
        let hello = ResponseExpectation.bodyContains(Array("HelloResponse".utf8))
        let answer = Array(#"<s:Envelope><s:Body><h:HelloResponse xmlns:h="urn:hello">Hello, u1</h:HelloResponse></s:Body></s:Envelope>"#.utf8)
        #expect(ResponseOutcome.classify(status: 200, body: answer, expecting: hello) == .token)
        #expect(ResponseOutcome.classify(status: 200, body: Self.rstr, expecting: hello) == .unexpected)
        #expect(ResponseOutcome.classify(status: 200, body: Array("HelloRespons".utf8), expecting: hello) == .unexpected)
        #expect(ResponseOutcome.classify(status: 500, body: Array("<s:Fault/>".utf8), expecting: hello) == .fault)
        #expect(ResponseOutcome.classify(status: 502, body: answer, expecting: hello) == .unexpected)
        #expect(ResponseOutcome.classify(status: 200, body: Self.rstr, expecting: .issuedToken) == .token)
    }
}
