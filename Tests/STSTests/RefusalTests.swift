import Foundation
import SecurityCore
import SOAP
import Testing
import WSSecurity
import WSTrust
import XMLCore
@testable import STS

/// Every refusal path of the pipeline is answered with the right fault and a human-readable
/// reason that carries no internal detail. (Delegation, Validate, Renew and Cancel refusals
/// have their own files.)
struct RefusalTests {
    let harness = STSHarness()
    static let wst = WSTrustVersion.v13.namespace

    static let cases: [(String, QName)] = [
        ("untrusted signer", WSSFaultCode.failedAuthentication.name),
        ("unsigned Body", WSSFaultCode.invalidSecurity.name),
        ("no security header", WSSFaultCode.invalidSecurity.name),
        ("expired Timestamp", WSSFaultCode.messageExpired.name),
        ("replayed message", WSSFaultCode.invalidSecurity.name),
        ("no credential", SOAPFault.trust("FailedAuthentication")),
        ("unknown AppliesTo", SOAPFault.trust("InvalidScope")),
        ("lifetime beyond the maximum", SOAPFault.trust("InvalidTimeRange")),
        ("lifetime starting in the future", SOAPFault.trust("InvalidTimeRange")),
        ("TokenType twice", SOAPFault.trust("InvalidRequest")),
        ("no RequestType", SOAPFault.trust("InvalidRequest")),
        ("unknown RequestType", SOAPFault.trust("InvalidRequest")),
        ("two requests in the Body", SOAPFault.trust("InvalidRequest")),
        ("wsa:Action of another RequestType", SOAPFault.trust("InvalidRequest")),
        ("SOAPAction disagreeing with wsa:Action", SOAPFault.trust("InvalidRequest")),
        ("bad password", WSSFaultCode.failedAuthentication.name),
        ("unknown user", WSSFaultCode.failedAuthentication.name),
        ("PasswordText without TLS", WSSFaultCode.invalidSecurity.name),
        ("untrusted SAML issuer", WSSFaultCode.invalidSecurityToken.name),
        ("expired SAML assertion", WSSFaultCode.invalidSecurityToken.name),
        ("Renew of an unknown token", SOAPFault.trust("UnableToRenew")),
        ("Cancel of an unknown token", SOAPFault.trust("RequestFailed")),
    ]

    func request(for why: String) throws -> (SOAPEnvelope, STSRequestContext) {
        let now = harness.now
        let gateway = RequestSecurity.signed(TestPKI.gateway)
        let tls = STSRequestContext(transportIsSecure: true)
        func edited(_ edit: @escaping (XMLElement) -> Void) throws -> SOAPEnvelope {
            var request = TestRequest()
            request.edit = edit
            return try request.envelope(gateway, at: now)
        }
        func assertion(signer: X509Credential = TestPKI.idp, start: Date) throws -> XMLElement {
            try TestTokens.assertion(signer: signer, notBefore: start, notOnOrAfter: start.addingTimeInterval(600))
        }
        switch why {
        case "untrusted signer": return (try TestRequest().envelope(.signed(TestPKI.untrusted), at: now), .init())
        case "unsigned Body":
            let envelope = try TestRequest().envelope(.timestampOnly, at: now)
            var builder = SecurityHeaderBuilder()
            builder.timestampLifetime = nil
            var options = SecurityHeaderBuilder.SignatureOptions(credential: TestPKI.gateway)
            options.parts = [.timestamp]
            builder.signature = options
            try builder.secure(envelope)
            return (try SOAPEnvelope(parsing: envelope.serialize()), .init())
        case "no security header": return (try TestRequest().envelope(.none, at: now), .init())
        case "replayed message": return (try TestRequest().envelope(gateway, at: now), .init())
        case "expired Timestamp": return (try TestRequest().envelope(gateway, at: now.addingTimeInterval(-3600)), .init())
        case "no credential": return (try TestRequest().envelope(.timestampOnly, at: now), tls)
        case "unknown AppliesTo": return (try TestRequest(appliesTo: "https://elsewhere.example/").envelope(gateway, at: now), .init())
        case "lifetime beyond the maximum":
            return (try TestRequest(lifetime: Lifetime(created: now, expires: now.addingTimeInterval(86_400))).envelope(gateway, at: now), .init())
        case "lifetime starting in the future":
            return (try TestRequest(lifetime: Lifetime(created: now.addingTimeInterval(3600), expires: nil)).envelope(gateway, at: now), .init())
        case "TokenType twice": return (try edited { $0.addChild("TokenType", Self.wst, prefix: "wst").setText(TokenType.saml11.rawValue) }, .init())
        case "no RequestType": return (try edited { $0.firstChild("RequestType", Self.wst)?.remove() }, .init())
        case "unknown RequestType": return (try edited { $0.firstChild("RequestType", Self.wst)?.setText(Self.wst + "/Frobnicate") }, .init())
        case "two requests in the Body": return (try edited { $0.parent?.addCopy(of: $0) }, .init())
        case "wsa:Action of another RequestType":
            return (try TestRequest(action: WSTrustVersion.v13.requestAction(.validate)).envelope(gateway, at: now), .init())
        case "SOAPAction disagreeing with wsa:Action":
            return (try TestRequest().envelope(gateway, at: now), STSRequestContext(soapAction: "\"urn:something-else\""))
        case "bad password": return (try TestRequest().envelope(.username(UsernameToken(username: "alice", password: .text("guess"))), at: now), tls)
        case "unknown user": return (try TestRequest().envelope(.username(UsernameToken(username: "eve", password: .text("guess"))), at: now), tls)
        case "PasswordText without TLS":
            return (try TestRequest().envelope(.username(UsernameToken(username: "alice", password: .text(TestUsers.alicePassword))), at: now), .init())
        case "untrusted SAML issuer":
            return (
                try TestRequest().envelope(
                    .saml(try assertion(signer: TestPKI.untrusted, start: now.addingTimeInterval(-60)), signer: nil, holderOfKey: false), at: now), tls
            )
        case "expired SAML assertion":
            return (try TestRequest().envelope(.saml(try assertion(start: now.addingTimeInterval(-7200)), signer: nil, holderOfKey: false), at: now), tls)
        case "Renew of an unknown token":
            let start = now.addingTimeInterval(-60)
            let unknown = try TestTokens.assertion(
                issuer: STSHarness.issuerName, signer: TestPKI.sts, notBefore: start, notOnOrAfter: start.addingTimeInterval(600))
            return (try harness.request(.renew, target: unknown), .init())
        default: return (try harness.request(.cancel, target: TestTokens.reference(to: "_unknown")), .init())
        }
    }

    @Test(arguments: cases.indices)
    func refusalsAreFaultsWithSafeReasons(_ index: Int) async throws {
        let (why, code) = Self.cases[index]
        let (request, context) = try request(for: why)
        if why == "replayed message" {
            _ = try await harness.send(request, context: context)
        }
        let fault = try await harness.fault(request, context: context)
        #expect(fault.subcode == code, "\(why): \(fault)")
        #expect(!fault.reason.isEmpty, "\(why)")
        for detail in ["Error(", "/work", "/tmp", ".swift", "BEGIN", "0x"] {
            #expect(!fault.reason.contains(detail), "\(why): \(fault.reason)")
        }
    }
}
