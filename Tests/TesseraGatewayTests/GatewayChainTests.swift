import Foundation
import SOAP
import STS
import Testing
import WSSecurity
import TesseraServer
import XMLCore
@testable import TesseraGateway

/// The token-transformation scenario end to end over loopback HTTP: consumer → gateway → the
/// real STS (TesseraServer's buildApplication) → a provider that runs the WS-Security engine
/// on what it receives and checks the STS's signature on the forwarded assertion.
struct GatewayChainTests {
    static let versions: [SOAPVersion] = [.v11, .v12]

    func fault(_ result: HTTPResult) throws -> SOAPFault {
        try SOAPFault(envelope: try SOAPEnvelope(parsing: result.body))
    }

    @Test(arguments: versions)
    func anIdentityAssertionIsSwappedForTheSTSAssertion(_ version: SOAPVersion) async throws {
        try await Chain.with { chain in
            let result = try await chain.post(ConsumerRequest.identity(version), version: version)
            #expect(result.status == 200, "\(result.text)")
            #expect(result.contentType?.hasPrefix(version.mediaType) == true)
            let answer = try SOAPEnvelope(parsing: result.body)
            #expect(answer.version == version)
            #expect(answer.bodyPayload?.trimmedText == "Hello, jdoe")
            let received = try #require(chain.provider.received.first)
            #expect(received.subject == "jdoe")
            #expect(received.bodyText == "world")  // the Body went through unchanged
            #expect(chain.stsCalls == 1)
        }
    }

    /// The route's STS speaks the WS-Trust February 2005 submission over SOAP 1.1.
    @Test func theTokenCanComeFromAWSTrust2005STS() async throws {
        try await Chain.with(configure: {
            $0.routes[0].sts.trustVersion = "2005-02"; $0.routes[0].sts.soapVersion = "1.1"
        }) { chain in
            let result = try await chain.post(ConsumerRequest.identity(.v12), version: .v12)
            #expect(result.status == 200, "\(result.text)")
            #expect(chain.provider.received.first?.subject == "jdoe")
        }
    }

    @Test(arguments: versions)
    func aPasswordDigestIsCheckedByTheSTSInsideOnBehalfOf(_ version: SOAPVersion) async throws {
        try await Chain.with { chain in
            let good = UsernameToken.digest(username: "bob", password: Fixtures.bobPassword, created: Date())
            let result = try await chain.post(ConsumerRequest.envelope(version, tokens: [good]), version: version, path: "/hello-password")
            #expect(result.status == 200, "\(result.text)")
            #expect(try SOAPEnvelope(parsing: result.body).bodyPayload?.trimmedText == "Hello, bob")

            let wrong = UsernameToken.digest(username: "bob", password: "not his password", created: Date())
            let refused = try await chain.post(ConsumerRequest.envelope(version, tokens: [wrong]), version: version, path: "/hello-password")
            #expect(try fault(refused).securityFaultCode == WSSFaultCode.failedAuthentication)
            #expect(chain.provider.received.count == 1)
        }
    }

    /// A PasswordText travels only over TLS (Username Token Profile 1.1 §4), and each route
    /// takes only its own form: none of these reaches the STS.
    @Test func theWrongFormOrAPasswordTextOverPlainHTTPIsRefused() async throws {
        try await Chain.with { chain in
            let text = ConsumerRequest.envelope(.v12, tokens: [UsernameToken(username: "bob", password: .text(Fixtures.bobPassword))])
            let digest = ConsumerRequest.envelope(.v12, tokens: [UsernameToken.digest(username: "bob", password: Fixtures.bobPassword, created: Date())])
            let refusals = [
                try await chain.post(text, version: .v12, path: "/hello-password"),
                try await chain.post(ConsumerRequest.identity(.v12), version: .v12, path: "/hello-password"),
                try await chain.post(digest, version: .v12, path: "/hello"),
            ]
            for result in refusals {
                #expect(try fault(result).securityFaultCode == WSSFaultCode.failedAuthentication)
            }
            #expect(chain.stsCalls == 0)
            #expect(chain.provider.received.isEmpty)
        }
    }

    @Test func anIdentityAssertedFromAnUntrustedNetworkIsRefused() async throws {
        try await Chain.with(configure: { $0.routes[0].inbound.trustedNetworks = ["10.0.0.0/8"] }) { chain in
            let result = try await chain.post(ConsumerRequest.identity(.v12), version: .v12)
            #expect(result.status == 400)
            #expect(try fault(result).securityFaultCode == WSSFaultCode.failedAuthentication)
            #expect(chain.stsCalls == 0)
            #expect(chain.provider.received.isEmpty)
            #expect(try await chain.metric("tessera_gateway_requests_total", ["route": "hello", "outcome": "failed_authentication"]) == 1)
        }
    }

    @Test(arguments: versions)
    func twoUsernameTokensOrNoneAreRefused(_ version: SOAPVersion) async throws {
        try await Chain.with { chain in
            let two = ConsumerRequest.envelope(
                version, tokens: [UsernameToken(username: "jdoe", password: nil), UsernameToken(username: "root", password: nil)])
            let none = ConsumerRequest.envelope(version, tokens: [])
            for body in [two, none] {
                let result = try await chain.post(body, version: version)
                #expect(result.status == (version == .v11 ? 500 : 400))
                #expect(try SOAPEnvelope(parsing: result.body).version == version)
                #expect(try fault(result).securityFaultCode == WSSFaultCode.failedAuthentication)
            }
            #expect(chain.stsCalls == 0)
            #expect(chain.provider.received.isEmpty)
        }
    }

    /// A consumer's message in which the Body's ID is also on a header block: a signature over
    /// `#B` would be ambiguous to the provider, so the gateway forwards nothing and signs nothing.
    /// The same for a Body ID that is not an XML name (`#` and it would read as an XPointer).
    @Test func aBodyIDTheGatewayCannotReferenceUnambiguouslyIsRefused() async throws {
        try await Chain.with { chain in
            let duplicated = ConsumerRequest.envelope(.v11, tokens: [UsernameToken(username: "jdoe", password: nil)]) { envelope in
                envelope.body.setAttribute("Id", WSSNamespace.utility, prefix: "wsu", value: "B")
                envelope.addHeaderBlock("Extension", "urn:example:decoy", prefix: "x")
                    .setAttribute("Id", WSSNamespace.utility, prefix: "wsu", value: "B")
            }
            let notAName = ConsumerRequest.envelope(.v11, tokens: [UsernameToken(username: "jdoe", password: nil)]) { envelope in
                envelope.body.setAttribute("Id", WSSNamespace.utility, prefix: "wsu", value: "xpointer(id('B'))")
            }
            for body in [duplicated, notAName] {
                let result = try await chain.post(body, version: .v11)
                #expect(result.status == 500)
                #expect(try fault(result).securityFaultCode == WSSFaultCode.invalidSecurity, "\(result.text)")
            }
            #expect(chain.provider.received.isEmpty)
        }
    }

    @Test func anUnderstoodHeaderForTheGatewayIsAMustUnderstandFault() async throws {
        try await Chain.with { chain in
            let body = ConsumerRequest.envelope(.v12, tokens: [UsernameToken(username: "jdoe", password: nil)]) { envelope in
                let block = envelope.addHeaderBlock("Priority", "urn:unknown", prefix: "u")
                block.setAttribute("role", SOAPVersion.v12.namespace, prefix: "soap", value: SOAPVersion.v12.nextRoleURI)
                envelope.setMustUnderstand(true, on: block)
            }
            let result = try await chain.post(body, version: .v12)
            #expect(try fault(result).code == .mustUnderstand)
            #expect(chain.provider.received.isEmpty)
        }
    }

    @Test func anRSTRSignedByAnUnknownKeyIsNotUsed() async throws {
        try await Chain.with(configure: { $0.routes[0].sts.certificate = Fixtures.path("untrusted.cert.pem") }) { chain in
            let result = try await chain.post(ConsumerRequest.identity(.v12), version: .v12)
            #expect(result.status == 500)
            #expect(try fault(result).subcode == WSSFaultCode.securityTokenUnavailable.name)
            #expect(chain.stsCalls == 1)
            #expect(chain.provider.received.isEmpty)
        }
    }

    /// An answer the STS really signed, but to another request (jdoe's), handed to the gateway
    /// when it asks for alice: the RSTR does not relate to the request (WS-Addressing RelatesTo),
    /// so jdoe's assertion is never forwarded on alice's behalf.
    @Test func anRSTRThatAnswersAnotherRequestIsNotUsed() async throws {
        try await Chain.with { chain in
            let first = try await chain.post(ConsumerRequest.identity(.v12, username: "jdoe"), version: .v12)
            #expect(first.status == 200, "\(first.text)")
            let jdoesAnswer = try #require(chain.sts.answers.first)
            chain.sts.rewrite.withLock { $0 = { _ in (try? SOAPEnvelope(parsing: jdoesAnswer)) ?? SOAPEnvelope(version: .v12) } }

            let replayed = try await chain.post(ConsumerRequest.identity(.v12, username: "alice"), version: .v12)
            #expect(replayed.status == 500)
            #expect(try fault(replayed).subcode == WSSFaultCode.securityTokenUnavailable.name)
            #expect(chain.stsCalls == 2)
            #expect(chain.provider.received.count == 1, "only jdoe's own request reached the provider")
            #expect(chain.provider.received.allSatisfy { $0.subject == "jdoe" })
        }
    }

    @Test func aDownSTSIsAFaultWithinTheTimeoutThenTheGatewayRecovers() async throws {
        var reserved: ReservedPort? = ReservedPort()
        let port = reserved!.port
        try await Fixtures.withScratchDirectory { scratch in
            let stsConfiguration = try Fixtures.stsConfiguration(port: port, digestKeyPath: scratch.appendingPathComponent("digest.key").path)
            let sts = CountingTokenService(service: SecurityTokenService(configuration: try STSConfiguration(stsConfiguration)))
            try await Chain.withProviderAndGateway(stsURL: "http://127.0.0.1:\(port)/sts", sts: sts, configure: { $0.routes[0].timeoutSeconds = 2 }) { chain in
                let started = ContinuousClock.now
                let down = try await chain.post(ConsumerRequest.identity(.v12), version: .v12)
                // Well under what a hang would take; the slack is for a loaded machine.
                #expect(ContinuousClock.now - started < .seconds(20))
                #expect(down.status == 500)
                #expect(try fault(down).subcode == WSSFaultCode.securityTokenUnavailable.name)
                #expect(try fault(down).code == .receiver)
                #expect(chain.provider.received.isEmpty)

                // The STS comes up on its port: the next request gets through, nothing restarted.
                reserved = nil
                try await Chain.with(stsPort: port) { _ in
                    let up = try await chain.post(ConsumerRequest.identity(.v11), version: .v11)
                    #expect(up.status == 200, "\(up.text)")
                }
            }
        }
    }

    @Test func aSlowSTSIsAFaultWithinTheTimeout() async throws {
        try await Chain.with(configure: { $0.routes[0].timeoutSeconds = 2 }) { chain in
            chain.sts.delay.withLock { $0 = .seconds(40) }
            let started = ContinuousClock.now
            let result = try await chain.post(ConsumerRequest.identity(.v12), version: .v12)
            // The STS would take 40 s; the fault comes after the 2 s timeout (slack for a loaded machine).
            #expect(ContinuousClock.now - started < .seconds(20))
            #expect(try fault(result).subcode == WSSFaultCode.securityTokenUnavailable.name)
            #expect(chain.provider.received.isEmpty)
        }
    }

    @Test func aDownProviderIsAFault() async throws {
        let reserved = ReservedPort()
        try await Chain.with(configure: { $0.routes[0].provider = "http://127.0.0.1:\(reserved.port)/hello" }) { chain in
            let result = try await chain.post(ConsumerRequest.identity(.v12), version: .v12)
            #expect(result.status == 500)
            let fault = try fault(result)
            #expect(fault.code == .receiver)
            #expect(fault.reason == "The service provider is unavailable")
        }
        withExtendedLifetime(reserved) {}
    }

    @Test func aSlowProviderIsAFaultWithinTheTimeout() async throws {
        try await Chain.with(configure: { $0.routes[0].timeoutSeconds = 2 }) { chain in
            // A first call puts the token in the cache, so the timing below is the provider's leg
            // alone, not an STS call slowed by a loaded machine.
            // On a loaded machine the first STS call may itself outlast the 2 s timeout: try again.
            var warm = try await chain.post(ConsumerRequest.identity(.v11), version: .v11)
            for _ in 0..<4 where warm.status != 200 {
                warm = try await chain.post(ConsumerRequest.identity(.v11), version: .v11)
            }
            #expect(warm.status == 200, "\(warm.text)")
            chain.provider.delay.withLock { $0 = .seconds(40) }
            let started = ContinuousClock.now
            let result = try await chain.post(ConsumerRequest.identity(.v11), version: .v11)
            // The provider would take 40 s; the fault comes after the 2 s timeout (slack for a loaded machine).
            #expect(ContinuousClock.now - started < .seconds(20))
            #expect(try fault(result).reason == "The service provider is unavailable")
        }
    }

    /// The timeout covers the provider's whole answer, not only its head: a provider that sends
    /// half a body and stops is a fault within the timeout.
    @Test func aProviderStalledInItsBodyIsAFaultWithinTheTimeout() async throws {
        try await Chain.with(configure: { $0.routes[0].timeoutSeconds = 2 }) { chain in
            // The token goes into the cache first, so the timing below is the provider's leg alone.
            var warm = try await chain.post(ConsumerRequest.identity(.v11), version: .v11)
            for _ in 0..<4 where warm.status != 200 {
                warm = try await chain.post(ConsumerRequest.identity(.v11), version: .v11)
            }
            #expect(warm.status == 200, "\(warm.text)")
            chain.provider.answerShape.withLock { $0 = .stalledBody }
            let started = ContinuousClock.now
            let result = try await chain.post(ConsumerRequest.identity(.v11), version: .v11)
            // The body would end after 40 s; the fault comes after the 2 s timeout (slack for a loaded machine).
            #expect(ContinuousClock.now - started < .seconds(20))
            #expect(result.status == 500)
            #expect(try fault(result).reason == "The service provider is unavailable")
        }
    }

    /// An answer above `maxResponseBytes` is refused while it arrives (chunked: no Content-Length
    /// announces it), and nothing of it reaches the consumer.
    @Test func aProviderAnswerAboveTheLimitIsNotRelayed() async throws {
        try await Chain.with(configure: { $0.maxResponseBytes = 4096 }) { chain in
            chain.provider.answerShape.withLock { $0 = .padded(8192) }
            let result = try await chain.post(ConsumerRequest.identity(.v11), version: .v11)
            #expect(result.status == 500)
            #expect(try fault(result).reason == "The service provider's answer could not be relayed")
            #expect(!result.text.contains("xxxx"))
        }
    }
}
