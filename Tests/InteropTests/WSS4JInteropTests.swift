import Foundation
import SecurityCore
import SOAP
import Testing
import TesseraTestSupport
import WSSecurity
import X509
import XMLCore
import XMLSecurity

/// Apache WSS4J 1.6, the Java implementation under CXF's STS, and Tessera read each other's
/// signed messages: a Tessera-signed request verifies in WSS4J (trusting the test CA) with Body
/// and Timestamp reported as signed by the gateway, for every key reference form; a
/// WSS4J-signed request verifies in Tessera's engine. Each direction also refuses a Body
/// changed in transit, so a passing oracle is not one that accepts everything.
@Suite("WSS4J and Tessera verify each other's signatures", .tags(.interop))
struct WSS4JInteropTests {
    static let gatewaySubject = "OU=TEST ONLY - NOT FOR PRODUCTION,O=Tessera Test PKI,CN=gateway.tessera.test"

    @Test("WSS4J verifies a Tessera-signed request", .requiresWSS4J, arguments: TesseraSignatureVerifiesElsewhereTests.keyReferences)
    func wss4jVerifiesTessera(_ keyReference: KeyReferenceForm) async throws {
        let scratch = try ScratchDirectory()
        let file = try scratch.write(try TesseraSignatureVerifiesElsewhereTests.signedRequest(keyReference), as: "signed.xml")

        let result = try await WSS4J.run("verify", [file])
        #expect(result.succeeded, "\(result)")
        #expect(result.stdoutText == "signed {\(Interop.soap11)}Body {\(Interop.wsu)}Timestamp by \(Self.gatewaySubject)\n", "\(result)")
    }

    @Test("WSS4J refuses a Tessera-signed request whose Body changed", .requiresWSS4J)
    func wss4jRefusesTamperedBody() async throws {
        let scratch = try ScratchDirectory()
        let signed = try TesseraSignatureVerifiesElsewhereTests.signedRequest(.binarySecurityToken)
        let file = try scratch.write(try Interop.replacing(">TSSR<", with: ">EVIL<", in: signed), as: "tampered.xml")

        let result = try await WSS4J.run("verify", [file])
        #expect(!result.succeeded, "WSS4J accepted a changed Body: \(result)")
        #expect(result.stderr.contains("WSSecurityException"), "\(result)")
    }

    @Test("Tessera verifies a WSS4J-signed request", .requiresWSS4J)
    func tesseraVerifiesWSS4J() async throws {
        let scratch = try ScratchDirectory()
        let input = try scratch.write(Interop.quoteRequest().serialize(), as: "request.xml")
        let signing = try await WSS4J.run("sign", [input, scratch.path("signed.xml")])
        try #require(signing.succeeded, "\(signing)")
        let envelope = try SOAPEnvelope(parsing: try scratch.read("signed.xml"))

        let trustStore = X509TrustStore(anchors: [try Interop.certificate("ca")])
        let result = try await WSSecurityEngine(configuration: InboundSecurityConfiguration(trustStore: trustStore)).process(envelope)

        #expect(result.authenticatedCertificate == (try Interop.certificate("gateway")))
        let timestamp = try #require(result.timestamp?.element)
        let signature = try #require(result.signatures.first)
        #expect(signature.verified.algorithm == .rsaSHA256)
        #expect(Set(signature.verified.signedElements) == [envelope.body, timestamp])
    }

    @Test("Tessera refuses a WSS4J-signed request whose Body changed", .requiresWSS4J)
    func tesseraRefusesTamperedWSS4J() async throws {
        let scratch = try ScratchDirectory()
        let input = try scratch.write(Interop.quoteRequest().serialize(), as: "request.xml")
        let signing = try await WSS4J.run("sign", [input, scratch.path("signed.xml")])
        try #require(signing.succeeded, "\(signing)")
        let tampered = try Interop.replacing(">TSSR<", with: ">EVIL<", in: try scratch.read("signed.xml"))

        let trustStore = X509TrustStore(anchors: [try Interop.certificate("ca")])
        let engine = WSSecurityEngine(configuration: InboundSecurityConfiguration(trustStore: trustStore))
        let error = await #expect(throws: WSSecurityError.self) { _ = try await engine.process(try SOAPEnvelope(parsing: tampered)) }
        #expect(error?.code == .failedCheck, "\(String(describing: error))")
    }

    /// WSS4J's `X509KeyIdentifier` key identifier type: the signing certificate itself, Base64,
    /// in a `wsse:KeyIdentifier` of ValueType `#X509v3` (X.509 Token Profile 1.1 §3.2), with no
    /// BinarySecurityToken. Tessera resolves it as it does an embedded certificate, and trusts
    /// it only when it chains to an anchor.
    @Test("Tessera verifies a WSS4J-signed request whose certificate is an X509v3 KeyIdentifier", .requiresWSS4J)
    func tesseraVerifiesWSS4JX509KeyIdentifier() async throws {
        let scratch = try ScratchDirectory()
        let input = try scratch.write(Interop.quoteRequest().serialize(), as: "request.xml")
        let signing = try await WSS4J.run("sign-x509-key-identifier", [input, scratch.path("signed.xml")])
        try #require(signing.succeeded, "\(signing)")
        let signed = try scratch.read("signed.xml")
        let envelope = try SOAPEnvelope(parsing: signed)
        let identifier = try #require(envelope.envelope.firstDescendant(namedAnyOf: [QName(WSSNamespace.secext, "KeyIdentifier")]))
        #expect(identifier.attribute("ValueType") == WSSURI.x509v3)
        #expect(envelope.envelope.firstDescendant(namedAnyOf: [QName(WSSNamespace.secext, "BinarySecurityToken")]) == nil)

        let trustStore = X509TrustStore(anchors: [try Interop.certificate("ca")])
        let result = try await WSSecurityEngine(configuration: InboundSecurityConfiguration(trustStore: trustStore)).process(envelope)
        #expect(result.authenticatedCertificate == (try Interop.certificate("gateway")))
        let signature = try #require(result.signatures.first)
        #expect(Set(signature.verified.signedElements) == [envelope.body, try #require(result.timestamp?.element)])

        // The same message, to a receiver whose only anchor is another certificate: not trusted.
        let elsewhere = X509TrustStore(anchors: [try Interop.certificate("untrusted")])
        let engine = WSSecurityEngine(configuration: InboundSecurityConfiguration(trustStore: elsewhere))
        let error = await #expect(throws: WSSecurityError.self) { _ = try await engine.process(try SOAPEnvelope(parsing: signed)) }
        #expect(error?.code == .failedAuthentication, "\(String(describing: error))")
    }
}
