import Foundation
import SAML
import SOAP
import Testing
import TesseraServer
import WSSecurity
import XMLCore
import XMLSecurity
@testable import TesseraGateway

/// The gateway's two ways of signing the assertion it vouches for (SAML Token Profile 1.1
/// §3.5.1): through a SecurityTokenReference and the STR Dereference Transform (WSS 1.1 §8.3),
/// the default, and directly by the assertion's ID. Both reach the sample HelloService; the
/// attack messages against the STR form are refused by the provider's policy.
struct STRTransformProviderTests {
    static func assertionReference(_ form: AssertionSigningForm) -> (inout GatewayConfiguration) -> Void {
        { configuration in
            for index in configuration.routes.indices { configuration.routes[index].outbound.assertionReference = form.rawValue }
        }
    }

    /// The policy's refusal of `envelope` as received; nil when it accepts it.
    func refusal(_ envelope: SOAPEnvelope) async throws -> WSSecurityError? {
        let received = try SOAPEnvelope(parsing: envelope.serialize())
        do {
            _ = try await HelloServiceProviderTests.policy().authenticate(received, transportIsSecure: false)
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: AssertionSigningForm.allCases)
    func bothFormsReachHelloService(_ form: AssertionSigningForm) async throws {
        try await Chain.with(toHelloService: true, configure: Self.assertionReference(form)) { chain in
            for version in [SOAPVersion.v11, .v12] {
                let result = try await chain.post(ConsumerRequest.identity(version), version: version)
                #expect(result.status == 200, "\(result.text)")
                #expect(try SOAPEnvelope(parsing: result.body).bodyPayload?.trimmedText == "Hello, jdoe")
            }
        }
    }

    /// What the provider receives: with the default configuration, the STR after the assertion
    /// and a reference to it with the STR Dereference Transform; with `direct`, a reference to
    /// the assertion's ID and no STR. The policy finds the assertion signed either way.
    @Test(arguments: [AssertionSigningForm?.none, .direct])
    func theForwardedMessageReferencesTheAssertionInTheConfiguredForm(_ form: AssertionSigningForm?) async throws {
        try await Chain.with(configure: form.map(Self.assertionReference) ?? { _ in }) { chain in
            let envelope = try SOAPEnvelope(parsing: try await ForwardedMessage.capture(in: chain))
            let security = try #require(try envelope.securityHeader())
            let assertion = try HeaderSAMLAssertion(element: try #require(security.firstChild("Assertion", HeaderSAMLAssertion.saml20Namespace)))
            let signature = try #require(security.firstChild("Signature", XMLSecurityNamespace.ds))
            let uris = signature.descendantsAndSelf.filter { $0.is("Reference", XMLSecurityNamespace.ds) }.compactMap { $0.attribute("URI") }
            let reference = security.firstChild("SecurityTokenReference", WSSNamespace.secext)
            if form == .direct {
                #expect(reference == nil)
                #expect(uris.contains("#" + assertion.id))
            } else {
                let reference = try #require(reference)
                let children = security.children
                #expect(children[try #require(children.firstIndex(of: assertion.element)) + 1] == reference)
                #expect(reference.firstChild("KeyIdentifier", WSSNamespace.secext)?.trimmedText == assertion.id)
                #expect(uris.contains("#" + (reference.attribute("Id", WSSNamespace.utility) ?? "?")))
                #expect(!uris.contains("#" + assertion.id))
            }

            let subject = try await HelloServiceProviderTests.policy().authenticate(envelope, transportIsSecure: false)
            let vouching = try #require(subject.security.senderVouchingSignature(for: assertion, body: envelope.body, by: Fixtures.certificate("gateway")))
            let assertionReference = try #require(
                vouching.verified.references.first { reference in
                    if case .element(let target) = reference.target { return target == assertion.element }
                    return false
                })
            #expect((assertionReference.dereference != nil) == (form != .direct))
        }
    }

    /// A signature over the Body, the Timestamp and, through an STR, the gateway's own
    /// BinarySecurityToken, next to an assertion it does not cover: a policy content with any
    /// STR-Transform reference would take the assertion as vouched for.
    @Test func anSTRToAnotherTokenDoesNotVouchForTheAssertion() async throws {
        try await Chain.with { chain in
            let assertion = try ForwardedMessage.assertion(in: try await ForwardedMessage.capture(in: chain))
            let message = try STRMessage.signed(carrying: assertion) { _ in .reference(uri: "#X509-1", valueType: WSSURI.x509v3) }
            let error = try await refusal(message)
            #expect(error?.code == .failedAuthentication, "\(String(describing: error))")
        }
    }

    /// jdoe's assertion in the header, alice's (as genuine) in the Body, and the gateway's
    /// signature through an STR naming alice's: a dereference by ID anywhere would digest alice's.
    @Test func anSTRToAnAssertionOutsideTheHeaderIsRefused() async throws {
        try await Chain.with { chain in
            let jdoe = try ForwardedMessage.assertion(in: try await ForwardedMessage.capture(in: chain, username: "jdoe"))
            let alice = try XMLDocument(parsing: try ForwardedMessage.assertion(in: try await ForwardedMessage.capture(in: chain, username: "alice")))
            let aliceID = try #require(alice.root.attribute("ID"))
            let message = try STRMessage.signed(carrying: jdoe, dereferencing: LookupByIDTransform()) { envelope in
                envelope.body.addCopy(of: alice.root)
                return .keyIdentifier(valueType: WSSURI.samlV20ID, value: [], text: aliceID)
            }
            #expect(try await refusal(message)?.code == .securityTokenUnavailable)
            #expect(try await HelloServiceProviderTests().faultCode(posting: message.serialize(), to: chain) == WSSFaultCode.securityTokenUnavailable)
        }
    }

    /// The assertion the gateway signed through the STR, its subject changed afterwards: the
    /// gateway's digest no longer matches (a transform that digested the STR itself would
    /// pass it on to the SAML layer).
    @Test func aModifiedAssertionFailsTheGatewaysDigest() async throws {
        try await Chain.with { chain in
            let message = try SOAPEnvelope(parsing: try await ForwardedMessage.capture(in: chain))
            let security = try #require(try message.securityHeader())
            #expect(security.firstChild("SecurityTokenReference", WSSNamespace.secext) != nil)
            let nameID = try #require(
                security.firstChild("Assertion", HeaderSAMLAssertion.saml20Namespace)?
                    .descendantsAndSelf.first { $0.localName == "NameID" })
            nameID.setText("mallory")
            #expect(try await refusal(message)?.code == .failedCheck)
            #expect(try await HelloServiceProviderTests().faultCode(posting: message.serialize(), to: chain) == WSSFaultCode.failedCheck)
        }
    }
}

/// Hello requests whose gateway signature reaches a token through an STR the test lays out.
enum STRMessage {
    /// `assertion` and the gateway's certificate (`#X509-1`) in the header, then the STR
    /// `reference` returns (after it has changed the envelope at will), and the gateway's
    /// signature over Timestamp, Body and that STR through `transform`.
    static func signed(
        carrying assertion: [UInt8], dereferencing transform: any DereferencingTransform = STRDereferenceTransform(),
        reference: (SOAPEnvelope) throws -> SecurityTokenReference.Form
    ) throws -> SOAPEnvelope {
        let gateway = Fixtures.credential("gateway")
        let envelope = try SOAPEnvelope(parsing: ConsumerRequest.envelope(.v12, tokens: []))
        let security = try envelope.ensureSecurityHeader()
        let wsu = WSSNamespace.utility
        Timestamp(created: Date(), expires: Date().addingTimeInterval(300)).write(into: security, id: "TS-1")
        envelope.body.setAttribute("Id", wsu, prefix: "wsu", value: "Body-1")
        security.addCopy(of: try XMLDocument(parsing: assertion).root)
        try BinarySecurityToken.write(gateway.certificate, into: security, id: "X509-1")
        SecurityTokenReference.write(try reference(envelope), into: security).setAttribute("Id", wsu, prefix: "wsu", value: "STR-1")
        let references: [SignatureBuilder.Reference] = [
            .init(uri: "#TS-1"), .init(uri: "#Body-1"), .init(uri: "#STR-1", transforms: .dereferencing(transform)),
        ]
        try SignatureBuilder(references: references).sign(in: security, key: .privateKey(gateway.privateKey)) { keyInfo in
            SecurityTokenReference.write(.reference(uri: "#X509-1", valueType: WSSURI.x509v3), into: keyInfo)
        }
        return try SOAPEnvelope(parsing: envelope.serialize())
    }
}

/// An STR Dereference Transform that looks the KeyIdentifier's ID up anywhere in the document.
struct LookupByIDTransform: DereferencingTransform {
    var algorithm: String { STRDereferenceTransform.algorithmURI }

    func writeParameters(into transform: XMLElement) {
        STRDereferenceTransform().writeParameters(into: transform)
    }

    func dereference(_ referenced: XMLElement, transform: XMLElement, signature: XMLElement, index: IDIndex) throws -> DereferencedContent {
        let keyIdentifier = try #require(referenced.children.first)
        let token = try #require(index[keyIdentifier.trimmedText])
        return DereferencedContent(element: token, octets: try STRDereferenceTransform.canonicalForm(of: token))
    }
}
