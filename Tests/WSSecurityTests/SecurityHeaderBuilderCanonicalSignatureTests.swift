import Foundation
import SOAP
import Testing
import XMLCore
import XMLSecurity
@testable import WSSecurity

/// A security header whose signature is written in canonical form
/// (``SecurityHeaderBuilder/SignatureOptions/writesCanonicalSignature``), the form of the
/// gateway's forwarded messages, is the header the builder writes as a tree, compared by
/// canonical form, however it carries and references a SAML assertion and whatever default
/// namespace the envelope declares; the engine accepts it; and each key reference form but
/// issuer-serial is written so.
struct SecurityHeaderBuilderCanonicalSignatureTests {
    /// How the header carries the SAML assertion and the signature references it.
    enum Assertion: CaseIterable {
        /// Prepared, placed as its bytes, through the STR Dereference Transform: the gateway's form.
        case preparedThroughTokenReference
        /// Prepared, referenced by its ID.
        case preparedDirectly
        /// As bytes, parsed into the message, through the STR Dereference Transform.
        case parsedThroughTokenReference
        case none
    }

    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    /// A request with WS-Addressing headers, its Envelope declaring the SOAP namespace as the
    /// default one when `defaultNamespace`, as some consumers write it.
    static func request(defaultNamespace: Bool) throws -> SOAPEnvelope {
        let envelope =
            defaultNamespace
            ? try PreparedSAMLAssertionTests.defaultNamespaceEnvelope()
            : Fixtures.envelope()
        AddressingHeaders(version: .v10, to: "https://provider.example/HelloService", action: "urn:hello").write(to: envelope)
        return envelope
    }

    static func secured(_ assertion: Assertion, defaultNamespace: Bool, canonical: Bool, keyReference: KeyReferenceForm = .binarySecurityToken) throws
        -> SOAPEnvelope
    {
        let envelope = try request(defaultNamespace: defaultNamespace)
        var builder = SecurityHeaderBuilder()
        builder.clock = .fixed(now)
        builder.idStem = "00112233445566778899aabbccddeeff"
        var options = SecurityHeaderBuilder.SignatureOptions(credential: Fixtures.gateway)
        options.keyReference = keyReference
        options.parts = [.timestamp, .body, .addressingHeaders]
        let bytes = PreparedSAMLAssertionTests.assertionBytes()
        switch assertion {
        case .preparedThroughTokenReference:
            builder.preparedSAMLAssertion = try PreparedSAMLAssertion(bytes: bytes)
            options.parts.append(.samlAssertionTokenReference)
        case .preparedDirectly:
            builder.preparedSAMLAssertion = try PreparedSAMLAssertion(bytes: bytes)
            options.parts.append(.samlAssertion)
        case .parsedThroughTokenReference:
            builder.samlAssertion = bytes
            options.parts.append(.samlAssertionTokenReference)
        case .none:
            break
        }
        options.writesCanonicalSignature = canonical
        builder.signature = options
        try builder.secure(envelope)
        return envelope
    }

    /// The envelope's canonical form, as a receiver parses it.
    static func receivedForm(_ envelope: SOAPEnvelope) throws -> [UInt8] {
        let received = try XMLDocument(parsing: envelope.serialize())
        return try received.canonicalize(received.root, method: .exclusive)
    }

    @Test(arguments: Assertion.allCases, [false, true])
    func theSignatureIsTheTreesSignature(_ assertion: Assertion, defaultNamespace: Bool) throws {
        let envelope = try Self.secured(assertion, defaultNamespace: defaultNamespace, canonical: true)
        let built = try Self.secured(assertion, defaultNamespace: defaultNamespace, canonical: false)
        let form = try Self.receivedForm(built)
        #expect(String(decoding: try Self.receivedForm(envelope), as: UTF8.self) == String(decoding: form, as: UTF8.self))
        // The Signature is a placeholder holding its canonical form: it still canonicalizes in
        // its tree, as the received Signature does.
        let signature = try #require(try envelope.securityHeader()?.firstChild("Signature", XMLSecurityNamespace.ds))
        #expect(signature.children.isEmpty)
        let received = try XMLDocument(parsing: built.serialize())
        let receivedSignature = try #require(received.root.descendantsAndSelf.first { $0.is("Signature", XMLSecurityNamespace.ds) })
        #expect(try envelope.document.canonicalize(signature, method: .exclusive) == received.canonicalize(receivedSignature, method: .exclusive))
    }

    @Test(arguments: [KeyReferenceForm.binarySecurityToken, .subjectKeyIdentifier, .thumbprintSHA1, .samlAssertionKeyIdentifier, .issuerSerial])
    func everyKeyReferenceIsTheTreesReference(_ keyReference: KeyReferenceForm) throws {
        let envelope = try Self.secured(.preparedDirectly, defaultNamespace: false, canonical: true, keyReference: keyReference)
        let built = try Self.secured(.preparedDirectly, defaultNamespace: false, canonical: false, keyReference: keyReference)
        #expect(try Self.receivedForm(envelope) == Self.receivedForm(built))
        // Issuer-serial is built in the tree.
        let signature = try #require(try envelope.securityHeader()?.firstChild("Signature", XMLSecurityNamespace.ds))
        #expect(signature.children.isEmpty == (keyReference != .issuerSerial))
    }

    @Test(arguments: Assertion.allCases)
    func theEngineAcceptsTheMessage(_ assertion: Assertion) async throws {
        let envelope = try Self.secured(assertion, defaultNamespace: false, canonical: true)
        let result = try await WSSecurityEngine(configuration: Fixtures.inbound(now: Self.now)).process(try Fixtures.received(envelope))
        #expect(result.samlAssertions.map(\.id) == (assertion == .none ? [] : ["_a1"]))
        #expect(result.signatures.count == 1)
    }

    /// With encryption the signature is built as a tree: the encryptor may need the header whole.
    @Test func withEncryptionTheSignatureIsATree() throws {
        let envelope = try Self.request(defaultNamespace: false)
        var builder = SecurityHeaderBuilder()
        var options = SecurityHeaderBuilder.SignatureOptions(credential: Fixtures.gateway)
        options.writesCanonicalSignature = true
        builder.signature = options
        builder.encryption = SecurityHeaderBuilder.EncryptionOptions(recipient: Fixtures.service.certificate)
        try builder.secure(envelope)
        let signature = try #require(try envelope.securityHeader()?.firstChild("Signature", XMLSecurityNamespace.ds))
        #expect(!signature.children.isEmpty)
    }
}
