import Foundation
import SOAP
import Testing
import XMLCore
import XMLSecurity
@testable import WSSecurity

/// A security header whose signature's SignedInfo is written as bytes
/// (``SecurityHeaderBuilder/SignatureOptions/writesSignedInfoAsBytes``), the form of the
/// gateway's forwarded messages, is the header the builder writes as a tree, byte for byte,
/// however it carries and references a SAML assertion; and the engine accepts it.
struct SecurityHeaderBuilderSignedInfoTests {
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

    static func secured(_ assertion: Assertion, defaultNamespace: Bool, asBytes: Bool) throws -> SOAPEnvelope {
        let envelope = try request(defaultNamespace: defaultNamespace)
        var builder = SecurityHeaderBuilder()
        builder.clock = .fixed(now)
        builder.idStem = "00112233445566778899aabbccddeeff"
        var options = SecurityHeaderBuilder.SignatureOptions(credential: Fixtures.gateway)
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
        options.writesSignedInfoAsBytes = asBytes
        builder.signature = options
        try builder.secure(envelope)
        return envelope
    }

    @Test(arguments: Assertion.allCases, [false, true])
    func theBytesAreTheTreesBytes(_ assertion: Assertion, defaultNamespace: Bool) throws {
        let envelope = try Self.secured(assertion, defaultNamespace: defaultNamespace, asBytes: true)
        let written = envelope.serialize()
        let built = try Self.secured(assertion, defaultNamespace: defaultNamespace, asBytes: false).serialize()
        #expect(String(decoding: written, as: UTF8.self) == String(decoding: built, as: UTF8.self))
        // Written as bytes, SignedInfo is a placeholder in the tree: the signature can no longer
        // be canonicalized there. The STR Dereference Transform without a prepared digest (an
        // assertion parsed into the message, or one whose prepared form another default
        // namespace changes) needs its ds:Transform element: then SignedInfo is a tree.
        let signature = try #require(try envelope.securityHeader()?.firstChild("Signature", XMLSecurityNamespace.ds))
        let digestedInPlace = assertion == .parsedThroughTokenReference || (assertion == .preparedThroughTokenReference && defaultNamespace)
        if digestedInPlace {
            _ = try envelope.document.canonicalize(signature, method: .exclusive)
        } else {
            #expect(throws: XMLError.self) { try envelope.document.canonicalize(signature, method: .exclusive) }
        }
    }

    @Test(arguments: Assertion.allCases)
    func theEngineAcceptsTheMessage(_ assertion: Assertion) async throws {
        let envelope = try Self.secured(assertion, defaultNamespace: false, asBytes: true)
        let result = try await WSSecurityEngine(configuration: Fixtures.inbound(now: Self.now)).process(try Fixtures.received(envelope))
        #expect(result.samlAssertions.map(\.id) == (assertion == .none ? [] : ["_a1"]))
        #expect(result.signatures.count == 1)
    }

    /// With encryption the signature is built as a tree: the encryptor may need the header whole.
    @Test func withEncryptionSignedInfoIsATree() throws {
        let envelope = try Self.request(defaultNamespace: false)
        var builder = SecurityHeaderBuilder()
        var options = SecurityHeaderBuilder.SignatureOptions(credential: Fixtures.gateway)
        options.writesSignedInfoAsBytes = true
        builder.signature = options
        builder.encryption = SecurityHeaderBuilder.EncryptionOptions(recipient: Fixtures.service.certificate)
        try builder.secure(envelope)
        let signature = try #require(try envelope.securityHeader()?.firstChild("Signature", XMLSecurityNamespace.ds))
        _ = try envelope.document.canonicalize(signature, method: .exclusive)
    }
}
