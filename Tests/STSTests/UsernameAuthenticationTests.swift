import Foundation
import SAML
import SOAP
import Testing
import XMLCore
import WSSecurity
import WSTrust
@testable import STS

/// A user of the directory authenticates with a UsernameToken in the header (ADFS's
/// usernamemixed binding): PasswordText only over TLS, PasswordDigest with a sealed password.
struct UsernameAuthenticationTests {
    let harness = STSHarness()
    let tls = STSRequestContext(transportIsSecure: true)

    func request(_ token: UsernameToken, onBehalfOf: XMLElement? = nil) throws -> SOAPEnvelope {
        var request = TestRequest()
        request.onBehalfOf = onBehalfOf
        return try request.envelope(.username(token), at: harness.now)
    }

    @Test func passwordTextOverTLSIssuesATokenForTheUser() async throws {
        let response = try await harness.send(try request(UsernameToken(username: "alice", password: .text(TestUsers.alicePassword))), context: tls)
        let validated = try await STSHarness.issuedAssertion(response)
        #expect(validated.facts.subjects.first?.name == "alice")
        guard case .saml20(let assertion) = validated.assertion else { Issue.record("not SAML 2.0"); return }
        #expect(assertion.authnStatements.first?.authnContext.classRef == .password)
        #expect(assertion.attributeStatements.first?.attributes.first { $0.name == "role" }?.values == ["reader"])
        let id = try #require(STSHarness.rstr(response).requestedSecurityToken?.attribute("ID"))
        #expect(try await harness.store.record(id: id)?.requestor == "user:alice")
    }

    @Test func passwordTextWithoutTLSIsRefusedBeforeItIsChecked() async throws {
        let fault = try await harness.fault(try request(UsernameToken(username: "alice", password: .text(TestUsers.alicePassword))))
        #expect(fault.subcode == WSSFaultCode.invalidSecurity.name)
        #expect(fault.reason == "a PasswordText is accepted only over TLS")
    }

    @Test func wrongPasswordAndUnknownUserGetTheSameFault() async throws {
        let wrong = try await harness.fault(try request(UsernameToken(username: "alice", password: .text("guess"))), context: tls)
        let unknown = try await harness.fault(try request(UsernameToken(username: "mallory", password: .text("guess"))), context: tls)
        #expect(wrong.subcode == WSSFaultCode.failedAuthentication.name)
        #expect(wrong == unknown)
    }

    /// A PasswordDigest read off the wire lets anyone guess the password offline: without TLS it
    /// is refused unless the deployment accepts that risk.
    @Test func passwordDigestNeedsTLSUnlessConfigured() async throws {
        let token = UsernameToken.digest(username: "bob", password: TestUsers.bobPassword, created: harness.now)
        let plain = try await harness.fault(try request(token))
        #expect(plain.subcode == WSSFaultCode.invalidSecurity.name)
        #expect(plain.reason == "a PasswordDigest is accepted only over TLS")
        let overTLS = try await harness.send(
            try request(UsernameToken.digest(username: "bob", password: TestUsers.bobPassword, created: harness.now)),
            context: tls)
        #expect(try await STSHarness.issuedAssertion(overTLS).facts.subjects.first?.name == "bob")
        var legacy = harness
        legacy.configuration.acceptsPasswordDigestWithoutTLS = true
        let response = try await legacy.send(try request(UsernameToken.digest(username: "bob", password: TestUsers.bobPassword, created: harness.now)))
        #expect(try await STSHarness.issuedAssertion(response).facts.subjects.first?.name == "bob")
    }

    @Test func anEndpointThatTakesOnlyCertificatesRefusesPasswords() async throws {
        let context = STSRequestContext(transportIsSecure: true, authenticators: [.x509Signature])
        let fault = try await harness.fault(try request(UsernameToken(username: "alice", password: .text(TestUsers.alicePassword))), context: context)
        #expect(fault.subcode == WSSFaultCode.failedAuthentication.name)
    }

    @Test func aUserMayNotDelegate() async throws {
        let token = UsernameToken(username: "alice", password: .text(TestUsers.alicePassword))
        let fault = try await harness.fault(try request(token, onBehalfOf: TestTokens.username("jdoe")), context: tls)
        #expect(fault.subcode == SOAPFault.trust("FailedAuthentication"))
    }
}
