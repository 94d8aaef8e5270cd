import Foundation
import SOAP
import TesseraSamples
import Testing
import TesseraTestSupport
import TesseraServer
@testable import TesseraGateway

/// The token-transformation scenario with a foreign consumer: `scripts/interop/zeep_consumer.py`
/// writes its request with lxml, zeep 4.3's `UsernameToken` adds the wsse:Security header and
/// zeep's Transport posts it to the gateway, which gets a SAML 2.0 assertion from the real STS
/// and forwards to the real sample HelloService. zeep's token is a Username alone (an identity
/// assertion) on the identity route, and a PasswordDigest (its own Nonce, and a Created with an
/// `+00:00` offset) on the password route, which the STS checks inside OnBehalfOf.
@Suite("A zeep consumer gets Hello from HelloService through the gateway and the STS", .tags(.interop))
struct ZeepConsumerThroughGatewayInteropTests {
    /// Runs the zeep consumer; returns the HTTP status and the answer's envelope.
    func zeep(_ url: String, _ username: String, soap: SOAPVersion, extra: [String] = []) async throws -> (Int, SOAPEnvelope) {
        let result = try await PythonOracle.run(
            "zeep_consumer.py",
            [
                url, username, "--soap", soap == .v11 ? "11" : "12",
                "--to", Fixtures.helloService, "--action", ConsumerRequest.action,
            ] + extra)
        try #require(result.status == 0, "\(result.stderr)")
        let status = try #require(result.stdoutText.split(separator: "\n", maxSplits: 1).first.flatMap { Int($0) })
        let body = String(result.stdoutText.drop { $0 != "\n" }.dropFirst())
        return (status, try SOAPEnvelope(parsing: Array(body.utf8)))
    }

    @Test(.enabled(if: PythonOracle.available, "TESSERA_PYTHON is not set"), arguments: [SOAPVersion.v11, .v12])
    func zeepsIdentityAssertionIsAnsweredByHelloService(_ version: SOAPVersion) async throws {
        try await Chain.with(toHelloService: true) { chain in
            let (status, answer) = try await zeep(chain.gatewayURL + "/hello", "jdoe", soap: version)
            #expect(status == 200)
            #expect(answer.version == version)
            #expect(answer.bodyPayload?.is("HelloResponse", HelloService.namespace) == true)
            #expect(answer.bodyPayload?.trimmedText == "Hello, jdoe")
            #expect(chain.stsCalls == 1)
        }
    }

    @Test(.enabled(if: PythonOracle.available, "TESSERA_PYTHON is not set"))
    func zeepsPasswordDigestIsCheckedByTheSTSAndAnswered() async throws {
        try await Fixtures.withScratchDirectory { scratch in
            let good = scratch.appendingPathComponent("good"), wrong = scratch.appendingPathComponent("wrong")
            try Data(Fixtures.bobPassword.utf8).write(to: good)
            try Data("not his password".utf8).write(to: wrong)
            try await Chain.with(toHelloService: true) { chain in
                let url = chain.gatewayURL + "/hello-password"
                let (status, answer) = try await zeep(url, "bob", soap: .v12, extra: ["--password-file", good.path, "--digest"])
                #expect(status == 200)
                #expect(answer.bodyPayload?.trimmedText == "Hello, bob")

                let (refusedStatus, refused) = try await zeep(url, "bob", soap: .v12, extra: ["--password-file", wrong.path, "--digest"])
                #expect(refusedStatus == 400)
                #expect(try SOAPFault(envelope: refused).securityFaultCode == WSSFaultCode.failedAuthentication)
                #expect(chain.stsCalls == 2)  // a PasswordDigest is never served from the cache
            }
        }
    }
}
