import Foundation
import SOAP
import Testing
import XMLCore
import XMLSecurity
@testable import WSSecurity

/// A prepared assertion's digests, computed once when the assertion is prepared, are the digests
/// the builder computes in place for the same assertion in a message, for both reference forms;
/// where the message's default namespace changes the STR Dereference Transform's form, the
/// builder computes in place, and the engine accepts the message either way.
struct PreparedSAMLAssertionTests {
    static let saml2 = HeaderSAMLAssertion.saml20Namespace
    static let soap11 = "http://schemas.xmlsoap.org/soap/envelope/"

    /// A SAML 2.0 assertion as its own document: prefixed, or in the default namespace.
    static func assertionBytes(defaultNamespace: Bool = false) -> [UInt8] {
        let prefix = defaultNamespace ? "" : "saml2:"
        let declaration = defaultNamespace ? "xmlns=\"\(saml2)\"" : "xmlns:saml2=\"\(saml2)\""
        return Array(
            "<\(prefix)Assertion \(declaration) ID=\"_a1\" Version=\"2.0\"><\(prefix)Issuer>https://idp.tessera.test</\(prefix)Issuer></\(prefix)Assertion>"
                .utf8)
    }

    /// A SOAP 1.1 request whose Envelope declares the SOAP namespace as the default one, as some
    /// consumers write it.
    static func defaultNamespaceEnvelope() throws -> SOAPEnvelope {
        try SOAPEnvelope(
            parsing: Array("<Envelope xmlns=\"\(soap11)\"><Header/><Body><h:hello xmlns:h=\"urn:example:hello\">jdoe</h:hello></Body></Envelope>".utf8))
    }

    /// The envelope secured by the gateway's key with the assertion carried as given, signed
    /// through the STR Dereference Transform or directly.
    static func secured(
        _ envelope: SOAPEnvelope, bytes: [UInt8], prepared: Bool, dereferenced: Bool
    ) throws -> SOAPEnvelope {
        var builder = SecurityHeaderBuilder()
        if prepared {
            builder.preparedSAMLAssertion = try PreparedSAMLAssertion(bytes: bytes)
        } else {
            builder.samlAssertion = bytes
        }
        var options = SecurityHeaderBuilder.SignatureOptions(credential: Fixtures.gateway)
        options.parts = [.timestamp, .body, dereferenced ? .samlAssertionTokenReference : .samlAssertion]
        builder.signature = options
        try builder.secure(envelope)
        return try Fixtures.received(envelope)
    }

    /// The DigestValue of the signature's reference to the assertion.
    static func assertionDigest(in envelope: SOAPEnvelope, dereferenced: Bool) throws -> String {
        let ds = XMLSecurityNamespace.ds
        let security = try #require(try envelope.securityHeader())
        let signedInfo = try #require(security.firstChild("Signature", ds)?.firstChild("SignedInfo", ds))
        let reference = try #require(
            signedInfo.children("Reference", ds).first { reference in
                dereferenced
                    ? reference.firstChild("Transforms", ds)?.firstChild("Transform", ds)?.attribute("Algorithm")
                        == STRDereferenceTransform.algorithmURI
                    : reference.attribute("URI") == "#_a1"
            })
        return try #require(reference.firstChild("DigestValue", ds)?.text)
    }

    @Test(arguments: [true, false])
    func thePreparedDigestIsTheOneComputedInPlace(dereferenced: Bool) async throws {
        let bytes = Self.assertionBytes()
        let inPlace = try Self.secured(Fixtures.envelope(), bytes: bytes, prepared: false, dereferenced: dereferenced)
        let prepared = try Self.secured(Fixtures.envelope(), bytes: bytes, prepared: true, dereferenced: dereferenced)
        #expect(try Self.assertionDigest(in: prepared, dereferenced: dereferenced) == Self.assertionDigest(in: inPlace, dereferenced: dereferenced))
        let result = try await WSSecurityEngine(configuration: Fixtures.inbound()).process(prepared)
        #expect(result.samlAssertions.map(\.id) == ["_a1"])
    }

    /// Under a default namespace the STR Dereference Transform renders it on the assertion, so
    /// the digest prepared outside the message does not fit there: the builder does not use it.
    @Test func aDefaultNamespaceInScopeIsDigestedInPlace() async throws {
        let bytes = Self.assertionBytes()
        let standalone = try PreparedSAMLAssertion(bytes: bytes).dereferencedDigest
        let envelope = try Self.secured(try Self.defaultNamespaceEnvelope(), bytes: bytes, prepared: true, dereferenced: true)
        let written = try Self.assertionDigest(in: envelope, dereferenced: true)
        #expect(written != Data(standalone).base64EncodedString())
        let inPlace = try Self.secured(try Self.defaultNamespaceEnvelope(), bytes: bytes, prepared: false, dereferenced: true)
        #expect(written == (try Self.assertionDigest(in: inPlace, dereferenced: true)))
        let result = try await WSSecurityEngine(configuration: Fixtures.inbound()).process(envelope)
        #expect(result.samlAssertions.map(\.id) == ["_a1"])
    }

    /// An assertion that declares its own default namespace is digested the same everywhere.
    @Test func anAssertionDeclaringItsDefaultNamespaceKeepsItsPreparedDigest() async throws {
        let bytes = Self.assertionBytes(defaultNamespace: true)
        let prepared = try PreparedSAMLAssertion(bytes: bytes)
        let envelope = try Self.secured(try Self.defaultNamespaceEnvelope(), bytes: bytes, prepared: true, dereferenced: true)
        #expect(try Self.assertionDigest(in: envelope, dereferenced: true) == Data(prepared.dereferencedDigest).base64EncodedString())
        let result = try await WSSecurityEngine(configuration: Fixtures.inbound()).process(envelope)
        #expect(result.samlAssertions.map(\.id) == ["_a1"])
    }

    @Test func bytesThatAreNotAnAssertionAreRefused() {
        #expect(throws: WSSecurityError.self) { try PreparedSAMLAssertion(bytes: Array("<a:Token xmlns:a=\"urn:x\"/>".utf8)) }
    }
}
