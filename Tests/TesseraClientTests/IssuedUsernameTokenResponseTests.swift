import Foundation
import SOAP
import Testing
import TesseraClient
import WSSecurity
import WSTrust
import XMLCore

/// An RSTR carrying a UsernameToken identity assertion is accepted only as a signed STS answer
/// can vouch for it: the UsernameToken TokenType, the token itself inside the signed Body with a
/// wsu:Id and no password, and a Lifetime still ahead.
struct IssuedUsernameTokenResponseTests {
    /// The answer `edit` makes of a good one: jdoe's token, valid for five minutes.
    static func transport(_ edit: @escaping @Sendable (inout RequestSecurityTokenResponse) -> Void = { _ in }) throws -> InProcessTransport {
        .crafted(signer: try TestPKI.credential("sts")) { rst in
            var response = RequestSecurityTokenResponse(version: rst.version)
            response.tokenType = .usernameToken
            response.requestedSecurityToken = token()
            response.lifetime = Lifetime(created: Date(), expires: Date().addingTimeInterval(300))
            edit(&response)
            return response
        }
    }

    static func token(username: String = "jdoe", password: UsernameToken.Password? = nil, id: String? = "UsernameToken-1") -> XMLElement {
        UsernameToken(username: username, password: password, nonce: [1, 2, 3, 4], created: Date())
            .write(into: XMLDocument(rootLocalName: "Holder", namespace: nil).root, id: id)
    }

    func send(_ transport: InProcessTransport, version: WSTrustVersion = .v13) async throws -> STSResponse {
        try await ResponseCheckingTests.client(transport, version: version, stsCertificate: true).send(TokenRequest(.issue))
    }

    @Test(arguments: [WSTrustVersion.v13, .v200502])
    func aSignedAnswerWithTheTokenIsAccepted(_ version: WSTrustVersion) async throws {
        let response = try await send(try Self.transport(), version: version)
        #expect(response.issuedUsernameToken?.username == "jdoe")
        #expect(response.issuedTokenID == "UsernameToken-1")
        #expect(response.verifiedSigner == (try TestPKI.certificate("sts")))
    }

    @Test func anUnsignedAnswerIsRefused() async throws {
        let unsigned = InProcessTransport.crafted { rst in
            var response = RequestSecurityTokenResponse(version: rst.version)
            response.tokenType = .usernameToken
            response.requestedSecurityToken = Self.token()
            response.lifetime = Lifetime(created: Date(), expires: Date().addingTimeInterval(300))
            return response
        }
        try await ResponseCheckingTests.expectRefused(unsigned, .responseNotVerified, stsCertificate: true)
    }

    @Test func aTokenWithAPasswordIsRefused() async throws {
        try await ResponseCheckingTests.expectRefused(
            try Self.transport { $0.requestedSecurityToken = Self.token(password: .text("secret")) },
            .invalidResponse, stsCertificate: true)
    }

    @Test func aTokenWithoutIdIsRefused() async throws {
        try await ResponseCheckingTests.expectRefused(
            try Self.transport { $0.requestedSecurityToken = Self.token(id: nil) },
            .invalidResponse, stsCertificate: true)
    }

    @Test func anAnswerWithoutLifetimeOrWithAnEndedOneIsRefused() async throws {
        try await ResponseCheckingTests.expectRefused(try Self.transport { $0.lifetime = nil }, .invalidResponse, stsCertificate: true)
        try await ResponseCheckingTests.expectRefused(
            try Self.transport { $0.lifetime = Lifetime(created: Date().addingTimeInterval(-600), expires: Date().addingTimeInterval(-1)) },
            .invalidResponse, stsCertificate: true)
    }

    /// The token type and the token must agree: a UsernameToken under the SAML type, or the
    /// UsernameToken type over a mere reference to a token elsewhere, is refused.
    @Test func aTokenTypeThatDoesNotMatchTheTokenIsRefused() async throws {
        try await ResponseCheckingTests.expectRefused(try Self.transport { $0.tokenType = .saml20 }, .invalidResponse, stsCertificate: true)
        try await ResponseCheckingTests.expectRefused(
            try Self.transport {
                $0.requestedSecurityToken = SecurityTokenReference.write(
                    .reference(uri: "#UsernameToken-1", valueType: WSSURI.usernameToken),
                    into: XMLDocument(rootLocalName: "Holder", namespace: nil).root)
            }, .invalidResponse, stsCertificate: true)
    }
}
