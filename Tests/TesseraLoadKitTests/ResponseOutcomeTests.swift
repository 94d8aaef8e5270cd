import Testing
import TesseraLoadKit

@Suite struct ResponseOutcomeTests {
    static let rstr = Array(#"<s:Envelope><s:Body><wst:RequestSecurityTokenResponseCollection xmlns:wst="x">…</wst:RequestSecurityTokenResponseCollection></s:Body></s:Envelope>"#.utf8)

    @Test func issuedTokenFaultAndTheRest() {
        #expect(ResponseOutcome.classify(status: 200, body: Self.rstr) == .token)
        #expect(ResponseOutcome.classify(status: 200, body: Array("<html>ok</html>".utf8)) == .unexpected)
        #expect(ResponseOutcome.classify(status: 200, body: [UInt8]()) == .unexpected)
        #expect(ResponseOutcome.classify(status: 500, body: Array("<s:Fault/>".utf8)) == .fault)
        #expect(ResponseOutcome.classify(status: 400, body: Array("<s:Fault/>".utf8)) == .fault)
        #expect(ResponseOutcome.classify(status: 413, body: [UInt8]()) == .unexpected)
        #expect(ResponseOutcome.classify(status: 302, body: Self.rstr) == .unexpected)
    }

    @Test func theMarkerAtTheVeryEndIsFound() {
        #expect(ResponseOutcome.classify(status: 200, body: Array("xRequestSecurityTokenResponse".utf8)) == .token)
        #expect(ResponseOutcome.classify(status: 200, body: Array("RequestSecurityTokenRespons".utf8)) == .unexpected)
    }
}
