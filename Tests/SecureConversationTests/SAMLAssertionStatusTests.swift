import Foundation
import SAML
import SecureConversation
import Testing
import WSSecurity
import XMLCore

/// The issued-token bootstrap asks an issuer configured with a status source whether the
/// assertion is still current: a cancelled, renewed or unknown assertion, or one whose status
/// cannot be learnt, establishes no context; assertions of other issuers are not asked about.
@Suite struct SAMLAssertionStatusTests {
    let assertions = SAMLBootstrapTests()
    static let otherIssuer = "https://idp.other.test"

    struct StoreDown: Error {}

    /// Answers `answer` for the assertion `id`, unknown for any other, and records who asked.
    final class StubStatus: SAMLAssertionStatusSource, @unchecked Sendable {
        let id: String
        let answer: Result<SAMLAssertionStatus, StoreDown>
        private let lock = NSLock()
        private var asked: [String] = []

        init(id: String, answer: Result<SAMLAssertionStatus, StoreDown>) {
            self.id = id
            self.answer = answer
        }

        var questions: [String] { lock.withLock { asked } }

        func status(ofAssertion id: String) async throws -> SAMLAssertionStatus {
            lock.withLock { asked.append(id) }
            return id == self.id ? try answer.get() : .unknown
        }
    }

    func service(status: StubStatus) -> SecureConversationService {
        var configuration = Fixtures.serviceConfiguration(clock: assertions.clock)
        configuration.bootstrap = .issuedSAML(
            SAMLBootstrap(
                issuers: [
                    SAMLBootstrap.Issuer(name: SAMLBootstrapTests.issuerName, certificates: [SAMLBootstrapTests.sts.certificate], status: status),
                    SAMLBootstrap.Issuer(name: Self.otherIssuer, certificates: [Fixtures.untrusted.certificate]),
                ],
                audiences: [Fixtures.endpoint]))
        return Fixtures.helloService(configuration)
    }

    static func id(of assertion: [UInt8]) throws -> String {
        try SAML2.Assertion(element: try XMLDocument(parsing: assertion).root).id
    }

    func establish(_ assertion: [UInt8], status: StubStatus, issuer: String = SAMLBootstrapTests.issuerName) async throws {
        let client = assertions.client(service(status: status), bootstrap: assertions.holderOfKey(assertion))
        try await client.establish()
        #expect(Fixtures.greeting(try await client.send(Fixtures.hello("s"), action: Fixtures.helloAction)) == "Hello, s, you are alice (issuer: \(issuer))")
    }

    @Test func aCurrentAssertionEstablishesAContext() async throws {
        let assertion = try assertions.saml20()
        let status = StubStatus(id: try Self.id(of: assertion), answer: .success(.current))
        try await establish(assertion, status: status)
        // Asked when the context is established, and again for the message under it.
        #expect(status.questions == [try Self.id(of: assertion), try Self.id(of: assertion)])
    }

    @Test(arguments: [SAMLAssertionStatus.cancelled, .renewed, .unknown])
    func anAssertionNoLongerCurrentIsRefused(_ answer: SAMLAssertionStatus) async throws {
        let assertion = try assertions.saml20()
        let status = StubStatus(id: try Self.id(of: assertion), answer: .success(answer))
        await #expect { try await establish(assertion, status: status) } throws: {
            SAMLBootstrapTests.faultSubcode($0) == SAMLBootstrapTests.wss("InvalidSecurityToken")
        }
        #expect(status.questions == [try Self.id(of: assertion)])
    }

    @Test func anAssertionWhoseStatusCannotBeLearntIsRefused() async throws {
        let assertion = try assertions.saml20()
        let status = StubStatus(id: try Self.id(of: assertion), answer: .failure(StoreDown()))
        await #expect { try await establish(assertion, status: status) } throws: {
            SAMLBootstrapTests.faultSubcode($0) == SAMLBootstrapTests.wss("SecurityTokenUnavailable")
        }
    }

    @Test func anotherIssuersAssertionIsNotAskedAbout() async throws {
        let assertion = try assertions.saml20(issuer: Self.otherIssuer, signer: Fixtures.untrusted)
        let status = StubStatus(id: "not-this-one", answer: .success(.cancelled))
        try await establish(assertion, status: status, issuer: Self.otherIssuer)
        #expect(status.questions.isEmpty)
    }

    @Test func anUnconfirmedHolderOfKeyAssertionIsRefusedBeforeItsStatusIsAsked() async throws {
        let assertion = try assertions.saml20()
        let status = StubStatus(id: try Self.id(of: assertion), answer: .success(.current))
        let client = assertions.client(service(status: status), bootstrap: assertions.holderOfKey(assertion, signedBy: Fixtures.gateway))
        await #expect(throws: (any Error).self) { try await client.establish() }
        #expect(status.questions.isEmpty)
    }
}
