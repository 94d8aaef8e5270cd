import Foundation
import SOAP
import Testing
import XMLCore
@testable import WSSecurity

/// What a signer must refuse about the IDs of the elements it signs, in both of the builder's
/// forms (the signature as a tree, and written in canonical form as the gateway writes it): a
/// receiver that resolves a reference must find the element that was digested (XML-DSig
/// §4.4.3.3), and the gateway signs elements whose IDs its consumers chose.
struct SecurityHeaderBuilderIDTests {
    static func sign(_ envelope: SOAPEnvelope, canonical: Bool) throws {
        AddressingHeaders(version: .v10, to: "https://provider.example/HelloService", action: "urn:hello").write(to: envelope)
        var builder = SecurityHeaderBuilder()
        builder.clock = .fixed(Date(timeIntervalSince1970: 1_800_000_000))
        var options = SecurityHeaderBuilder.SignatureOptions(credential: Fixtures.gateway)
        options.parts = [.timestamp, .body, .addressingHeaders]
        options.writesCanonicalSignature = canonical
        builder.signature = options
        try builder.secure(envelope)
    }

    /// A header block carrying a copy of the Body's ID: `#B` would select either element.
    @Test(arguments: [false, true])
    func aBodyIDUsedTwiceIsRefused(canonical: Bool) throws {
        let envelope = Fixtures.envelope()
        envelope.body.setAttribute("Id", WSSNamespace.utility, prefix: "wsu", value: "B")
        let decoy = try #require(envelope.header).addChild("Extension", "urn:example:decoy", prefix: "x")
        decoy.setAttribute("Id", WSSNamespace.utility, prefix: "wsu", value: "B")
        #expect(throws: (any Error).self) { try Self.sign(envelope, canonical: canonical) }
    }

    /// An ID on the Body that is not an NCName: `#xpointer(id('Y'))` is not a bare-name reference.
    @Test(arguments: [false, true])
    func aBodyIDThatIsNotAnXMLNameIsRefused(canonical: Bool) throws {
        let envelope = Fixtures.envelope()
        envelope.body.setAttribute("Id", WSSNamespace.utility, prefix: "wsu", value: "xpointer(id('Y'))")
        #expect(throws: WSSecurityError.self) { try Self.sign(envelope, canonical: canonical) }
    }

    /// The Body's own valid ID is kept and referenced.
    @Test(arguments: [false, true])
    func aBodysValidIDIsReferenced(canonical: Bool) throws {
        let envelope = Fixtures.envelope()
        envelope.body.setAttribute("Id", WSSNamespace.utility, prefix: "wsu", value: "consumer-body")
        try Self.sign(envelope, canonical: canonical)
        #expect(String(decoding: envelope.serialize(), as: UTF8.self).contains("URI=\"#consumer-body\""))
    }
}
