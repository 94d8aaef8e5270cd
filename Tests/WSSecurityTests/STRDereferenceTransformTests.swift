import Foundation
import SOAP
import TesseraCrypto
import Testing
import X509
import XMLCore
import XMLSecurity
@testable import WSSecurity

/// The STR Dereference Transform (WSS 1.1 §8.3) as the builder writes it and the engine checks
/// it: the digest covers the SAML assertion the SecurityTokenReference names, and that assertion
/// (not the reference) is reported as signed. Each refusal is an attack message the gateway's
/// key really signed, with a transform that dereferences naively (``NaiveSTRTransform``: by ID
/// anywhere in the document, through any number of references, ignoring its parameters); the
/// naive verifier accepts it, the engine refuses it.
struct STRDereferenceTransformTests {
    static let saml2 = HeaderSAMLAssertion.saml20Namespace
    static let wsse = WSSNamespace.secext
    static let ds = XMLSecurityNamespace.ds

    /// A stand-in SAML assertion, as its own document.
    static func assertion(id: String = "_a1", namespace: String = saml2, issuer: String = "https://idp.tessera.test") -> XMLElement {
        let document = XMLDocument(rootLocalName: "Assertion", namespace: namespace, prefix: "saml2")
        document.root.setAttribute(namespace == saml2 ? "ID" : "AssertionID", value: id)
        document.root.addChild("Issuer", namespace, prefix: "saml2").setText(issuer)
        return document.root
    }

    /// Body and Timestamp, and the assertion through the builder's SecurityTokenReference, signed
    /// by the gateway (its certificate as a BinarySecurityToken).
    func message(
        assertion: XMLElement = assertion(), parts: [SecurityHeaderBuilder.Part] = [.timestamp, .body, .samlAssertionTokenReference],
        envelope: SOAPEnvelope = Fixtures.envelope()
    ) throws -> SOAPEnvelope {
        var builder = SecurityHeaderBuilder()
        builder.samlAssertion = assertion.document.serialize(assertion)
        var options = SecurityHeaderBuilder.SignatureOptions(credential: Fixtures.gateway)
        options.parts = parts
        builder.signature = options
        try builder.secure(envelope)
        return try Fixtures.received(envelope)
    }

    func process(_ envelope: SOAPEnvelope, configure: (inout InboundSecurityConfiguration) -> Void = { _ in }) async throws -> SecurityHeaderResult {
        var configuration = Fixtures.inbound()
        configure(&configuration)
        return try await WSSecurityEngine(configuration: configuration).process(envelope)
    }

    /// The engine's refusal of `envelope`; nil when it accepts it.
    func refusal(_ envelope: SOAPEnvelope, configure: (inout InboundSecurityConfiguration) -> Void = { _ in }) async -> WSSecurityError? {
        do {
            _ = try await process(envelope, configure: configure)
            return nil
        } catch let error as WSSecurityError {
            return error
        } catch {
            Issue.record("not a WSSecurityError: \(error)")
            return nil
        }
    }

    static func security(_ envelope: SOAPEnvelope) throws -> XMLElement {
        try #require(try envelope.securityHeader())
    }

    // MARK: - What the builder writes and the engine reports

    @Test func theSignatureCoversTheAssertionTheReferenceNames() async throws {
        let envelope = try message()
        let result = try await process(envelope)
        let security = try Self.security(envelope)
        let assertion = try #require(result.samlAssertions.first)
        let signature = try #require(result.signatures.first)

        let dereferenced = try #require(signature.verified.references.first { $0.dereference != nil })
        guard case .element(let target) = dereferenced.target else { Issue.record("not an element"); return }
        #expect(target == assertion.element)
        #expect(dereferenced.dereference?.algorithm == STRDereferenceTransform.algorithmURI)
        let reference = try #require(dereferenced.dereference?.referencedElement)
        #expect(reference.is("SecurityTokenReference", Self.wsse))
        #expect(signature.verified.covers(assertion.element))
        #expect(signature.verified.covers(try #require(assertion.element.children.first)))
        #expect(!signature.verified.covers(reference))
        #expect(result.signatures(covering: assertion.element).count == 1)
        #expect(result.senderVouchingSignature(for: assertion, body: envelope.body, by: Fixtures.gateway.certificate) != nil)

        // The shape WSS4J's WSSecSignatureSAML writes: the reference follows the assertion.
        let children = security.children
        let assertionIndex = try #require(children.firstIndex(of: assertion.element))
        #expect(children[assertionIndex + 1] == reference)
        #expect(reference.attribute("TokenType", WSSNamespace.secext11) == WSSURI.samlV20TokenType)
        let keyIdentifier = try #require(reference.firstChild("KeyIdentifier", Self.wsse))
        #expect(keyIdentifier.attribute("ValueType") == WSSURI.samlV20ID)
        #expect(keyIdentifier.attribute("EncodingType") == nil)
        #expect(keyIdentifier.trimmedText == "_a1")
        let id = try #require(reference.attribute("Id", WSSNamespace.utility))
        #expect(dereferenced.uri == "#" + id)
        let signedReference = try #require(
            signature.verified.element.descendantsAndSelf.first {
                $0.is("Reference", Self.ds) && $0.attribute("URI") == "#" + id
            })
        let transforms = signedReference.firstChild("Transforms", Self.ds)?.children ?? []
        #expect(transforms.count == 1)
        let transform = try #require(transforms.first)
        #expect(transform.attribute("Algorithm") == STRDereferenceTransform.algorithmURI)
        let method = transform.firstChild("TransformationParameters", Self.wsse)?.firstChild("CanonicalizationMethod", Self.ds)
        #expect(method?.attribute("Algorithm") == "http://www.w3.org/2001/10/xml-exc-c14n#")
    }

    /// WSS 1.1 §8.3: the token's exclusive C14N with `#default` inclusive, its apex carrying a
    /// default namespace declaration: `xmlns=""` when none is in scope, the one in scope
    /// otherwise. The digests are the ones Apache WSS4J 1.6.19's STRTransform computed for this
    /// assertion in a SOAP 1.1 header (scripts/interop/wss4j, `sign-saml-sender-vouches`).
    @Test func theDigestIsWSS4JsForTheSameAssertion() async throws {
        let envelope = try message()
        let assertion = try #require(try Self.security(envelope).firstChild("Assertion", Self.saml2))
        let expected =
            #"<saml2:Assertion xmlns="" xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion" ID="_a1"><saml2:Issuer>https://idp.tessera.test</saml2:Issuer></saml2:Assertion>"#
        #expect(String(decoding: try STRDereferenceTransform.canonicalForm(of: assertion), as: UTF8.self) == expected)
        let digestValue = try #require(
            envelope.document.root.descendantsAndSelf.first {
                $0.localName == "Transform" && $0.attribute("Algorithm") == STRDereferenceTransform.algorithmURI
            }?.parent?.parent?.firstChild("DigestValue", Self.ds)?.trimmedText)
        #expect(digestValue == "egbSKswJz8mc0OZN0XB3IcHOJXjk+rAlVFMtE/WJYdY=")

        // The envelope's namespace as the default one in scope of the header.
        let defaulted = try XMLDocument(
            parsing: Array(
                """
                <Envelope xmlns="http://schemas.xmlsoap.org/soap/envelope/"><Header><wsse:Security xmlns:wsse="\(Self.wsse)">\
                <saml2:Assertion xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion" ID="_a1"><saml2:Issuer>https://idp.tessera.test</saml2:Issuer></saml2:Assertion>\
                </wsse:Security></Header><Body/></Envelope>
                """.utf8))
        let inner = try #require(defaulted.root.descendantsAndSelf.first { $0.is("Assertion", Self.saml2) })
        let octets = try STRDereferenceTransform.canonicalForm(of: inner)
        #expect(String(decoding: octets, as: UTF8.self).hasPrefix(#"<saml2:Assertion xmlns="http://schemas.xmlsoap.org/soap/envelope/" xmlns:saml2="#))
        #expect(Data(DigestAlgorithm.sha256.hash(octets)).base64EncodedString() == "ShKvav19b9XvGEBllGopIFRKsodO5qlPSyr2fT7yOxc=")
    }

    @Test func aSAML11AssertionIsNamedByItsAssertionID() async throws {
        let envelope = try message(assertion: Self.assertion(id: "_b2", namespace: HeaderSAMLAssertion.saml11Namespace))
        let result = try await process(envelope)
        let assertion = try #require(result.samlAssertions.first)
        #expect(assertion.version == .saml11)
        #expect(result.signatures(covering: assertion.element).count == 1)
        let reference = try #require(try Self.security(envelope).firstChild("SecurityTokenReference", Self.wsse))
        #expect(reference.attribute("TokenType", WSSNamespace.secext11) == WSSURI.samlV11TokenType)
        #expect(reference.firstChild("KeyIdentifier", Self.wsse)?.attribute("ValueType") == WSSURI.samlV11ID)
    }

    /// A `wsse:Reference` to a token of the header by its ID: the gateway's BinarySecurityToken.
    @Test func aDirectReferenceToATokenInTheHeaderIsDereferenced() async throws {
        let envelope = try Attack.message { envelope, security in
            BinarySecurityToken.write(base64DER: XMLBase64.encode(try Fixtures.gateway.certificate.derBytes), into: security, id: "X509-1")
            try Attack.reference(.reference(uri: "#X509-1", valueType: WSSURI.x509v3), id: "STR-1", into: security)
        }
        let result = try await process(envelope)
        let token = try #require(try Self.security(envelope).firstChild("BinarySecurityToken", Self.wsse))
        #expect(result.signatures(covering: token).count == 1)
    }

    // MARK: - Refusals

    @Test func aModifiedAssertionFailsTheDigest() async throws {
        let envelope = try message()
        let issuer = try #require(try Self.security(envelope).firstChild("Assertion", Self.saml2)?.firstChild("Issuer", Self.saml2))
        issuer.setText("https://evil.example")
        // A transform that digested the SecurityTokenReference itself would not notice.
        #expect(await refusal(try Fixtures.received(envelope))?.code == .failedCheck)
    }

    @Test func aReferenceInTheBodyIsRefused() async throws {
        let envelope = try Attack.message { envelope, security in
            security.addCopy(of: Self.assertion())
            try Attack.reference(.keyIdentifier(valueType: WSSURI.samlV20ID, value: [], text: "_a1"), id: "STR-1", into: envelope.body)
        }
        #expect(try Attack.naivelyVerifies(envelope))
        let error = await refusal(envelope)
        #expect(error?.code == .invalidSecurity)
        #expect(error?.reason.contains("own security header") == true, "\(String(describing: error))")
    }

    /// The reference is in the header, the assertion it names by ID sits in the Body: a lookup
    /// by ID would find it.
    @Test func anAssertionOutsideTheHeaderIsNotDereferenced() async throws {
        let envelope = try Attack.message { envelope, security in
            envelope.body.addCopy(of: Self.assertion(id: "_body"))
            try Attack.reference(.keyIdentifier(valueType: WSSURI.samlV20ID, value: [], text: "_body"), id: "STR-1", into: security)
        }
        #expect(try Attack.naivelyVerifies(envelope))
        #expect(await refusal(envelope)?.code == .securityTokenUnavailable)
    }

    /// A `wsse:Reference` to an assertion in another actor's `wsse:Security` header.
    @Test func aTokenInAnotherSecurityHeaderIsNotDereferenced() async throws {
        let envelope = try Attack.message { envelope, security in
            let other = try envelope.ensureSecurityHeader(for: .named("urn:example:other"), mustUnderstand: false)
            other.addCopy(of: Self.assertion(id: "_other"))
            try Attack.reference(.reference(uri: "#_other", valueType: nil), id: "STR-1", into: security)
        }
        #expect(try Attack.naivelyVerifies(envelope))
        let error = await refusal(envelope)
        #expect(error?.code == .invalidSecurity)
        #expect(error?.reason.contains("own security header") == true, "\(String(describing: error))")
    }

    @Test func aReferenceToAnotherReferenceIsNotFollowed() async throws {
        let envelope = try Attack.message { envelope, security in
            security.addCopy(of: Self.assertion())
            try Attack.reference(.keyIdentifier(valueType: WSSURI.samlV20ID, value: [], text: "_a1"), id: "STR-2", into: security)
            try Attack.reference(.reference(uri: "#STR-2", valueType: nil), id: "STR-1", into: security)
        }
        #expect(try Attack.naivelyVerifies(envelope))
        let error = await refusal(envelope)
        #expect(error?.code == .invalidSecurity)
        #expect(error?.reason.contains("does not follow") == true, "\(String(describing: error))")
    }

    @Test(arguments: [NaiveSTRTransform.Parameters.none, .inclusiveC14N, .exclusiveC14NWithComments])
    func missingOrOtherTransformationParametersAreRefused(_ parameters: NaiveSTRTransform.Parameters) async throws {
        let envelope = try Attack.message(parameters: parameters) { _, security in
            security.addCopy(of: Self.assertion())
            try Attack.reference(.keyIdentifier(valueType: WSSURI.samlV20ID, value: [], text: "_a1"), id: "STR-1", into: security)
        }
        #expect(try Attack.naivelyVerifies(envelope))
        #expect(await refusal(envelope)?.code == (parameters == .none ? .invalidSecurity : .unsupportedAlgorithm))
    }

    /// A second assertion with the signed one's ID, after it in the same header or in another
    /// actor's header: a dereference that takes the first match verifies, and the application
    /// might read the other.
    @Test(arguments: [false, true])
    func twoTokensWithTheNamedIDAreRefused(inAnotherHeader: Bool) async throws {
        let genuine = try message()
        let forged = Self.assertion(issuer: "https://evil.example")
        if inAnotherHeader {
            try genuine.ensureSecurityHeader(for: .named("urn:example:other"), mustUnderstand: false).addCopy(of: forged)
        } else {
            let security = try Self.security(genuine)
            security.addCopy(of: forged, before: security.firstChild("SecurityTokenReference", Self.wsse))
        }
        let error = await refusal(try Fixtures.received(genuine))
        #expect(error?.code == .invalidSecurity, "\(String(describing: error))")
    }

    /// The per-signature reference limit counts STR references like any other.
    @Test func theReferenceLimitStillApplies() async throws {
        let limit = SignatureVerificationPolicy.default.maxReferences
        let envelope = try Attack.message(extraReferences: limit) { _, security in
            security.addCopy(of: Self.assertion())
            try Attack.reference(.keyIdentifier(valueType: WSSURI.samlV20ID, value: [], text: "_a1"), id: "STR-1", into: security)
        }
        let error = await refusal(envelope)
        #expect(error?.code == .invalidSecurity)
        #expect(error?.reason.contains("references") == true, "\(String(describing: error))")
    }

    /// The dereferenced assertion's bytes count towards the message's canonicalization budget.
    @Test func theDereferencedTokenIsChargedToTheBudget() async throws {
        let big = Self.assertion()
        big.addChild("Advice", Self.saml2, prefix: "saml2").setText(String(repeating: "x", count: 20_000))
        let envelope = try message(assertion: big)
        #expect(try await process(envelope).signatures.count == 1)
        let error = await refusal(try Fixtures.received(envelope)) { $0.maxCanonicalizedBytesPerMessage = 10_000 }
        #expect(error?.code == .invalidSecurity)
        #expect(error?.reason.contains("too much content") == true, "\(String(describing: error))")
    }
}

/// Attack messages: tokens and SecurityTokenReferences laid out at will, then the gateway's
/// signature over Timestamp, Body and `#STR-1` through ``NaiveSTRTransform``.
enum Attack {
    static let wsu = WSSNamespace.utility

    static func message(
        parameters: NaiveSTRTransform.Parameters = .exclusiveC14N, extraReferences: Int = 0,
        arrange: (SOAPEnvelope, XMLElement) throws -> Void
    ) throws -> SOAPEnvelope {
        let envelope = Fixtures.envelope()
        let security = try envelope.ensureSecurityHeader()
        Timestamp(created: Date(), expires: Date().addingTimeInterval(300)).write(into: security, id: "TS-1")
        envelope.body.setAttribute("Id", wsu, prefix: "wsu", value: "Body-1")
        try arrange(envelope, security)
        let strReference = SignatureBuilder.Reference(uri: "#STR-1", transforms: .dereferencing(NaiveSTRTransform(parameters: parameters)))
        let references: [SignatureBuilder.Reference] =
            [.init(uri: "#TS-1"), .init(uri: "#Body-1"), strReference]
            + Array(repeating: strReference, count: extraReferences)
        try SignatureBuilder(references: references).sign(in: security, key: .privateKey(Fixtures.gateway.privateKey)) { keyInfo in
            let ds = XMLSecurityNamespace.ds
            keyInfo.addChild("X509Data", ds, prefix: "ds").addChild("X509Certificate", ds, prefix: "ds")
                .setText(XMLBase64.encode(try Fixtures.gateway.certificate.derBytes))
        }
        return try Fixtures.received(envelope)
    }

    /// A SecurityTokenReference with `form` and the wsu:Id `id`, appended to `parent`.
    static func reference(_ form: SecurityTokenReference.Form, id: String, into parent: XMLElement) throws {
        SecurityTokenReference.write(form, into: parent).setAttribute("Id", wsu, prefix: "wsu", value: id)
    }

    /// Whether the gateway's signature in `envelope` verifies under the naive transform.
    static func naivelyVerifies(_ envelope: SOAPEnvelope) throws -> Bool {
        let signature = try #require(try envelope.securityHeader()?.firstChild("Signature", XMLSecurityNamespace.ds))
        let verifier = SignatureVerifier(dereferencingTransforms: [NaiveSTRTransform()])
        let verified = try verifier.verify(
            signature, key: .publicKey(try PublicKey(certificate: Fixtures.gateway.certificate)),
            index: try IDIndex(envelope.document))
        return verified.references.count >= 3
    }
}

/// The STR Dereference Transform as a careless implementation does it: it follows KeyIdentifier
/// values and Reference URIs through the document's ID index, from reference to reference, and
/// canonicalizes whatever it reaches, whatever its parameters say.
struct NaiveSTRTransform: DereferencingTransform {
    enum Parameters: Sendable, Hashable {
        case exclusiveC14N, exclusiveC14NWithComments, inclusiveC14N, none
    }

    var parameters: Parameters = .exclusiveC14N
    var algorithm: String { STRDereferenceTransform.algorithmURI }

    func writeParameters(into transform: XMLElement) {
        let uri: String
        switch parameters {
        case .none: return
        case .exclusiveC14N: uri = "http://www.w3.org/2001/10/xml-exc-c14n#"
        case .exclusiveC14NWithComments: uri = "http://www.w3.org/2001/10/xml-exc-c14n#WithComments"
        case .inclusiveC14N: uri = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
        }
        transform.addChild("TransformationParameters", WSSNamespace.secext, prefix: "wsse")
            .addChild("CanonicalizationMethod", XMLSecurityNamespace.ds, prefix: "ds").setAttribute("Algorithm", value: uri)
    }

    func dereference(_ referenced: XMLElement, transform: XMLElement, signature: XMLElement, index: IDIndex) throws -> DereferencedContent {
        var element = referenced
        while element.is("SecurityTokenReference", WSSNamespace.secext) {
            let child = try #require(element.children.first)
            let id = child.attribute("URI").map { String($0.dropFirst()) } ?? child.trimmedText
            element = try #require(index[id])
        }
        return DereferencedContent(element: element, octets: try STRDereferenceTransform.canonicalForm(of: element))
    }
}
