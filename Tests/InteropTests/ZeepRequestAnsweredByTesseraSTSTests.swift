import Foundation
import SecurityCore
import SOAP
import STS
import Testing
import TesseraTestSupport
import WSSecurity
import WSTrust
import XMLCore

/// The token-transformation scenario with a foreign requestor and a foreign verifier:
/// `scripts/interop/zeep_rst.py` writes Listing 2 with lxml and signs it with zeep's
/// BinarySignature (X.509 BinarySecurityToken, RSA-SHA256); Tessera's SecurityTokenService, in
/// process, answers with a signed RSTR carrying a SAML 2.0 assertion for jdoe; xmlsec1 and signxml,
/// given only the STS certificate, verify the answer's message signature over Body and Timestamp,
/// and xmlsec1 refuses it with another certificate or once the assertion's subject is changed.
@Suite("A zeep-signed RST is answered by Tessera's STS; xmlsec1 and signxml verify the answer", .tags(.interop))
struct ZeepRequestAnsweredByTesseraSTSTests {
    /// The STS of Tests/STSTests: the gateway may delegate; HelloService is a SAML 2.0 party.
    static func service() throws -> SecurityTokenService {
        var inbound = InboundSecurityConfiguration(trustStore: X509TrustStore(anchors: [try Interop.certificate("ca")]))
        inbound.replayCache = InMemoryReplayCache()
        var configuration = STSConfiguration(
            issuerName: "https://sts.tessera.test", signingCredential: try Interop.credential("sts"),
            relyingParties: RelyingPartyRegistry(parties: [RelyingParty(name: "hello", addresses: [.exact("http://testHost/HelloService")])]),
            inbound: inbound,
            requestors: [TrustedRequestor(name: "gateway", certificate: try Interop.certificate("gateway"), mayDelegate: true)])
        configuration.nameQualifier = "STS"
        return SecurityTokenService(configuration: configuration)
    }

    static func xmlsec1Verify(_ file: String, certificate: String, soap: SOAPVersion) async throws -> ToolResult {
        try await Interop.xmlsec1(
            [
                "--verify", "--pubkey-cert-pem", Interop.fixture("\(certificate).cert.pem").path,
                "--enabled-key-data", "key-name",
                "--id-attr:Id", "\(Interop.wsu):Timestamp", "--id-attr:Id", "\(soap.namespace):Body",
            ]
                + ["Action", "MessageID", "RelatesTo", "To"].flatMap { ["--id-attr:Id", "\(WSAddressingVersion.v10.namespace):\($0)"] }
                + [file])
    }

    static let cases: [(SOAPVersion, WSTrustVersion)] = [(.v12, .v13), (.v11, .v13), (.v12, .v200502)]

    @Test(
        "zeep's RST gets a signed RSTR that xmlsec1 and signxml verify with the STS certificate only",
        .requiresPythonOracles, .requiresXmlsec1, arguments: cases.indices)
    func zeepRequestGetsAVerifiableAnswer(_ index: Int) async throws {
        let (soap, trust) = Self.cases[index]
        let zeep = try await Interop.python(
            "zeep_rst.py",
            [
                Interop.fixture("gateway.key.pem").path, Interop.fixture("gateway.cert.pem").path,
                "--soap", soap == .v11 ? "11" : "12", "--trust", trust == .v13 ? "13" : "2005",
            ])
        try #require(zeep.succeeded, "\(zeep)")
        let request = try SOAPEnvelope(parsing: zeep.stdout)
        #expect(request.envelope.descendantsAndSelf.contains { $0.is("BinarySecurityToken", WSSNamespace.secext) })

        let answer = await (try Self.service()).handle(request).serialize()
        let response = try SOAPEnvelope(parsing: answer)
        let payload = try #require(response.bodyPayload)
        #expect(payload.localName != "Fault", "the STS refused zeep's request: \(String(decoding: answer, as: UTF8.self))")
        let rstr: RequestSecurityTokenResponse =
            switch trust {
            case .v13: try #require(try RequestSecurityTokenResponseCollection(element: payload).responses.first)
            case .v200502: try RequestSecurityTokenResponse(element: payload)
            }
        #expect(rstr.version == trust)
        #expect(rstr.tokenType == .saml20)
        let nameID = try #require(rstr.requestedSecurityToken?.descendantsAndSelf.first { $0.localName == "NameID" })
        #expect(nameID.trimmedText == "jdoe")
        let requestID = try AddressingHeaders(reading: request)?.messageID
        #expect(try AddressingHeaders(reading: response)?.relatesTo.map(\.messageID) == requestID.map { [$0] })

        let scratch = try ScratchDirectory()
        let file = try scratch.write(answer, as: "rstr.xml")
        let verified = try await Self.xmlsec1Verify(file, certificate: "sts", soap: soap)
        #expect(verified.succeeded, "\(verified)")
        #expect(verified.stderr.contains("SignedInfo References (ok/all): 6/6"), "\(verified)")

        let otherKey = try await Self.xmlsec1Verify(file, certificate: "gateway", soap: soap)
        #expect(!otherKey.succeeded, "xmlsec1 accepted the STS's signature with the gateway certificate: \(otherKey)")

        let signxml = try await Interop.python(
            "signxml_verify.py",
            [
                file, Interop.fixture("sts.cert.pem").path, "--expect-references", "6",
                "--location", "./{\(soap.namespace)}Header/{\(WSSNamespace.secext)}Security/",
            ])
        #expect(signxml.succeeded, "\(signxml)")
        // Body, Timestamp and the reply's addressing headers (RelatesTo ties it to the request).
        let wsa = WSAddressingVersion.v10.namespace
        #expect(
            Set(signxml.stdoutText.split(separator: "\n").map(String.init))
                == [
                    "{\(soap.namespace)}Body", "{\(Interop.wsu)}Timestamp",
                    "{\(wsa)}Action", "{\(wsa)}MessageID", "{\(wsa)}RelatesTo", "{\(wsa)}To",
                ], "\(signxml)")

        let tampered = try scratch.write(try Interop.replacing(">jdoe<", with: ">mallory<", in: answer), as: "tampered.xml")
        let tamperedResult = try await Self.xmlsec1Verify(tampered, certificate: "sts", soap: soap)
        #expect(!tamperedResult.succeeded, "xmlsec1 accepted an answer whose subject was changed: \(tamperedResult)")
    }
}
