import Foundation
import SAML
import SOAP
import Testing
import TesseraTestSupport
import WSSecurity
import X509
import XMLCore
import XMLSecurity
@testable import TesseraGateway

/// Apache WSS4J 1.6 and Tessera on the sender-vouches message of SAML Token Profile 1.1 §3.5.1,
/// the assertion signed through a SecurityTokenReference and the STR Dereference Transform
/// (WSS 1.1 §8.3): WSS4J verifies the message the gateway forwards, reporting the assertion as
/// what that reference covers; Tessera's provider policy accepts the message WSS4J's own
/// STR-Transform signs (the layout of its `WSSecSignatureSAML`). Each direction also refuses
/// the message once the assertion changed after signing, so neither oracle digests the STR
/// instead of the assertion.
@Suite("WSS4J and Tessera agree on the sender-vouches STR Dereference Transform", .tags(.interop))
struct WSS4JSenderVouchesInteropTests {
    static let audience = "http://testHost/HelloService"
    static let saml2 = HeaderSAMLAssertion.saml20Namespace
    static let wsa = "http://www.w3.org/2005/08/addressing"

    /// A sender-vouches assertion for jdoe, for ``audience``, signed by the test STS.
    static func issuedAssertion(now: Date = Date()) throws -> [UInt8] {
        let model = SAML2.Assertion(
            issueInstant: now, issuer: SAML2.Issuer("https://sts.tessera.test", format: .entity),
            subject: SAML2.Subject(nameID: SAML2.NameID("jdoe"), confirmations: [SAML2.SubjectConfirmation(method: .senderVouches)]),
            conditions: SAML2.Conditions(
                notBefore: now.addingTimeInterval(-60), notOnOrAfter: now.addingTimeInterval(600),
                audienceRestrictions: [SAML2.AudienceRestriction([audience])]))
        return try SAMLAssertionSigner(credential: try Interop.credential("sts")).signedDocument(model).serialize()
    }

    /// A consumer's request (WS-Addressing To, Action and MessageID, a UsernameToken, the quote
    /// Body) after the gateway's swap: its security header replaced by one carrying `assertion`
    /// and the gateway's signature in `form`.
    static func forwarded(_ assertion: [UInt8], form: AssertionSigningForm) throws -> SOAPEnvelope {
        let envelope = Interop.quoteRequest()
        AddressingHeaders(version: .v10, to: audience, action: "urn:example:quotes/GetQuote", messageID: AddressingHeaders.newMessageID())
            .write(to: envelope)
        let consumerHeader = try envelope.ensureSecurityHeader()
        _ = UsernameToken(username: "jdoe", password: nil).write(into: consumerHeader)
        let id = try #require(try XMLDocument(parsing: assertion).root.attribute("ID"))
        let binding = SenderVouchesBinding(credential: try Interop.credential("gateway"), form: form, clock: .system)
        try binding.secure(envelope, replacing: consumerHeader, with: try IssuedAssertion(bytes: assertion, id: id, subject: "jdoe"))
        return try SOAPEnvelope(parsing: envelope.serialize())
    }

    /// `message` with the assertion's NameID changed to mallory.
    static func withSubjectChanged(_ message: [UInt8]) throws -> [UInt8] {
        try Interop.replacing(">jdoe</saml2:NameID>", with: ">mallory</saml2:NameID>", in: message)
    }

    /// The provider's policy: assertions of the test STS for ``audience``, vouched for by the gateway.
    static func policy() throws -> SAMLTokenPolicy {
        SAMLTokenPolicy(issuers: [try Interop.certificate("sts")], audiences: [audience], attestingEntities: [try Interop.certificate("gateway")])
    }

    @Test("WSS4J verifies the gateway's forwarded message in either assertion form", .requiresWSS4J, arguments: AssertionSigningForm.allCases)
    func wss4jVerifiesTheGatewaysMessage(_ form: AssertionSigningForm) async throws {
        let scratch = try ScratchDirectory()
        let forwarded = try Self.forwarded(try Self.issuedAssertion(), form: form).serialize()
        let usesTransform = String(decoding: forwarded, as: UTF8.self).contains(STRDereferenceTransform.algorithmURI)
        #expect(usesTransform == (form == .strTransform))
        let file = try scratch.write(forwarded, as: "forwarded.xml")

        let result = try await WSS4J.run("verify", [file])
        #expect(result.succeeded, "\(result)")
        let covered = [
            "{\(Interop.wsu)}Timestamp", "{\(Interop.soap11)}Body", "{\(Self.wsa)}Action", "{\(Self.wsa)}MessageID",
            "{\(Self.wsa)}To", "{\(Self.saml2)}Assertion",
        ]
        #expect(result.stdoutText == "signed \(covered.joined(separator: " ")) by \(WSS4JInteropTests.gatewaySubject)\n", "\(result)")
    }

    @Test("WSS4J refuses the gateway's STR-Transform message whose assertion changed", .requiresWSS4J)
    func wss4jRefusesAChangedAssertion() async throws {
        let scratch = try ScratchDirectory()
        let forwarded = try Self.forwarded(try Self.issuedAssertion(), form: .strTransform).serialize()
        let file = try scratch.write(try Self.withSubjectChanged(forwarded), as: "tampered.xml")

        let result = try await WSS4J.run("verify", [file])
        #expect(!result.succeeded, "WSS4J accepted a changed assertion: \(result)")
        #expect(result.stderr.contains("WSSecurityException"), "\(result)")
    }

    @Test("Tessera's provider policy accepts WSS4J's sender-vouches message signed through the STR-Transform", .requiresWSS4J)
    func tesseraAcceptsWSS4JsSenderVouchesMessage() async throws {
        let scratch = try ScratchDirectory()
        let input = try scratch.write(Interop.quoteRequest().serialize(), as: "request.xml")
        let assertionFile = try scratch.write(try Self.issuedAssertion(), as: "assertion.xml")
        let signing = try await WSS4J.run("sign-saml-sender-vouches", [input, assertionFile, scratch.path("signed.xml")])
        try #require(signing.succeeded, "\(signing)")
        let signed = try scratch.read("signed.xml")
        let envelope = try SOAPEnvelope(parsing: signed)

        let subject = try await Self.policy().authenticate(envelope, transportIsSecure: false)
        #expect(subject.name == "jdoe")
        guard case .senderVouches(let gateway) = subject.confirmation else {
            Issue.record("expected sender-vouches, got \(subject.confirmation)")
            return
        }
        #expect(gateway == (try Interop.certificate("gateway")))
        let assertion = try HeaderSAMLAssertion(element: subject.assertion.element)
        let signature = try #require(subject.security.senderVouchingSignature(for: assertion, body: envelope.body, by: gateway))
        let throughSTR = signature.verified.references.filter { $0.dereference?.algorithm == STRDereferenceTransform.algorithmURI }
        #expect(throughSTR.count == 1)
        #expect(
            throughSTR.first.map { reference in
                if case .element(let target) = reference.target { return target == assertion.element }
                return false
            } == true)

        let error = await #expect(throws: WSSecurityError.self) {
            _ = try await Self.policy().authenticate(try SOAPEnvelope(parsing: try Self.withSubjectChanged(signed)), transportIsSecure: false)
        }
        #expect(error?.code == .failedCheck, "\(String(describing: error))")
    }
}
