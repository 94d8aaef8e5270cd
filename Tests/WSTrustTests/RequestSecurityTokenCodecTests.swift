import Foundation
import SOAP
import Testing
import XMLCore
@testable import WSTrust

struct RequestSecurityTokenCodecTests {
    func roundTrip(_ rst: RequestSecurityToken) throws -> RequestSecurityToken {
        let envelope = SOAPEnvelope(version: .v12)
        rst.write(into: envelope.body)
        let received = try SOAPEnvelope(parsing: envelope.serialize())
        return try RequestSecurityToken(element: try #require(received.bodyPayload))
    }

    @Test(arguments: WSTrustVersion.allCases)
    func everyFieldRoundTrips(_ version: WSTrustVersion) throws {
        var rst = RequestSecurityToken(version: version, requestType: .issue)
        rst.context = "ctx-1"
        rst.tokenType = .saml11
        rst.appliesTo = AppliesTo(address: "https://rp.example/service")
        rst.keyType = .symmetricKey
        rst.keySize = 256
        rst.entropy = .binarySecret(BinarySecret(value: Array(repeating: 9, count: 32), type: version.binarySecretNonce))
        rst.computedKeyAlgorithm = version.computedKeyPSHA1
        let created = Date(timeIntervalSince1970: 1_700_000_000.123)
        rst.lifetime = Lifetime(created: created, expires: created.addingTimeInterval(600))
        let token = try XMLDocument(
            parsing: Array("<wsse:UsernameToken xmlns:wsse='\(ScenarioListingTests.wsse)'><wsse:Username>jdoe</wsse:Username></wsse:UsernameToken>".utf8))
        rst.onBehalfOf = token.root
        rst.actAs = token.root

        let parsed = try roundTrip(rst)
        #expect(parsed.version == version)
        #expect(parsed.context == "ctx-1")
        #expect(parsed.tokenType == .saml11)
        #expect(parsed.appliesTo?.address == "https://rp.example/service")
        #expect(parsed.keyType == .symmetricKey)
        #expect(parsed.keySize == 256)
        guard case .binarySecret(let secret)? = parsed.entropy else { Issue.record("entropy lost"); return }
        #expect(secret.value == Array(repeating: 9, count: 32))
        #expect(parsed.computedKeyAlgorithm == version.computedKeyPSHA1)
        #expect(abs((parsed.lifetime?.created?.timeIntervalSince1970 ?? 0) - created.timeIntervalSince1970) < 0.0005)
        #expect(parsed.onBehalfOf?.firstChild("Username", ScenarioListingTests.wsse)?.text == "jdoe")
        #expect(parsed.actAs?.localName == "UsernameToken")
    }

    @Test func bearerIn2005IsTheIdentityNoProofKey() throws {
        var rst = RequestSecurityToken(version: .v200502, requestType: .issue)
        rst.keyType = .bearer
        let envelope = SOAPEnvelope(version: .v11)
        let element = rst.write(into: envelope.body)
        #expect(element.firstChild("KeyType", WSTrustVersion.v200502.namespace)?.text == KeyType.noProofKey2005)
        #expect(try roundTrip(rst).keyType == .bearer)
    }

    static let refused: [(String, String)] = [
        ("<wst:RequestSecurityToken xmlns:wst='\(WSTrustVersion.v13.namespace)'/>", "no RequestType"),
        (
            "<wst:RequestSecurityToken xmlns:wst='\(WSTrustVersion.v13.namespace)'><wst:RequestType>urn:bogus</wst:RequestType></wst:RequestSecurityToken>",
            "unknown RequestType"
        ),
        (
            "<wst:RequestSecurityToken xmlns:wst='\(WSTrustVersion.v13.namespace)'><wst:RequestType>\(WSTrustVersion.v200502.namespace)/Issue</wst:RequestType></wst:RequestSecurityToken>",
            "RequestType of the other version"
        ),
        (
            "<wst:RequestSecurityToken xmlns:wst='\(WSTrustVersion.v13.namespace)'><wst:RequestType>\(WSTrustVersion.v13.namespace)/Issue</wst:RequestType><wst:RequestType>\(WSTrustVersion.v13.namespace)/Cancel</wst:RequestType></wst:RequestSecurityToken>",
            "two RequestTypes"
        ),
        (
            "<wst:RequestSecurityToken xmlns:wst='\(WSTrustVersion.v13.namespace)'><wst:RequestType>\(WSTrustVersion.v13.namespace)/Issue</wst:RequestType><wst:SignWith>urn:a</wst:SignWith><wst:SignWith>urn:a</wst:SignWith></wst:RequestSecurityToken>",
            "two SignWith (a child the reader does not interpret)"
        ),
        (
            "<wst:RequestSecurityToken xmlns:wst='\(WSTrustVersion.v13.namespace)'><wst:RequestType>\(WSTrustVersion.v13.namespace)/Issue</wst:RequestType><wst:KeySize>100000</wst:KeySize></wst:RequestSecurityToken>",
            "KeySize too large"
        ),
        (
            "<wst:RequestSecurityToken xmlns:wst='\(WSTrustVersion.v13.namespace)'><wst:RequestType>\(WSTrustVersion.v13.namespace)/Issue</wst:RequestType><wst:OnBehalfOf/></wst:RequestSecurityToken>",
            "empty OnBehalfOf"
        ),
        ("<wst:RequestSecurityToken xmlns:wst='urn:not-trust'><wst:RequestType>x</wst:RequestType></wst:RequestSecurityToken>", "foreign namespace"),
    ]

    @Test(arguments: refused.indices)
    func malformedRequestsAreRefused(_ index: Int) throws {
        let (text, why) = Self.refused[index]
        let document = try XMLDocument(parsing: Array(text.utf8))
        let error = try #require(throws: WSTrustError.self, "\(why)") { try RequestSecurityToken(element: document.root) }
        #expect(error.code == .invalidRequest, "\(why)")
    }

    @Test func lifetimeEndingBeforeItStartsIsAnInvalidTimeRange() throws {
        let ns = WSTrustVersion.v13.namespace, wsu = ScenarioListingTests.wsu
        let text =
            "<wst:RequestSecurityToken xmlns:wst='\(ns)' xmlns:wsu='\(wsu)'><wst:RequestType>\(ns)/Issue</wst:RequestType><wst:Lifetime><wsu:Created>2026-01-01T10:00:00Z</wsu:Created><wsu:Expires>2026-01-01T09:00:00Z</wsu:Expires></wst:Lifetime></wst:RequestSecurityToken>"
        let error = try #require(throws: WSTrustError.self) { try RequestSecurityToken(element: try XMLDocument(parsing: Array(text.utf8)).root) }
        #expect(error.code == .invalidTimeRange)
    }

    @Test func actionsFollowEachVersion() {
        #expect(WSTrustVersion.v13.requestAction(.issue) == "http://docs.oasis-open.org/ws-sx/ws-trust/200512/RST/Issue")
        #expect(WSTrustVersion.v13.responseAction(.issue) == "http://docs.oasis-open.org/ws-sx/ws-trust/200512/RSTRC/IssueFinal")
        #expect(WSTrustVersion.v13.responseAction(.validate) == "http://docs.oasis-open.org/ws-sx/ws-trust/200512/RSTR/ValidateFinal")
        #expect(WSTrustVersion.v200502.responseAction(.issue) == "http://schemas.xmlsoap.org/ws/2005/02/trust/RSTR/Issue")
    }

    @Test func faultIsInTheRequestsNamespace() {
        let fault = WSTrustError(.invalidScope, "unknown relying party").fault(.v200502)
        #expect(fault.subcode == QName(WSTrustVersion.v200502.namespace, "InvalidScope"))
        #expect(fault.reason == "unknown relying party")
    }
}
