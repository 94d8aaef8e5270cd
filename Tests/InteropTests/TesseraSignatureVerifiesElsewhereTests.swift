import Foundation
import SecurityCore
import SOAP
import Testing
import TesseraTestSupport
import WSSecurity
import XMLCore
import XMLSecurity

/// Messages signed by Tessera's SecurityHeaderBuilder (gateway credential, Body + Timestamp,
/// RSA-SHA256, SHA-256 digests, exclusive C14N) verify with xmlsec1 and with signxml, which
/// are each given the gateway certificate; a Body changed after signing fails in both.
@Suite("Tessera-signed messages verify with xmlsec1 and signxml", .tags(.interop))
struct TesseraSignatureVerifiesElsewhereTests {
    /// Every form the builder can name the signing certificate with. xmlsec1 and signxml both
    /// ignore `wsse:SecurityTokenReference` and use the certificate they are given, so each
    /// form checks that the KeyInfo Tessera writes does not disturb their verification.
    static let keyReferences: [KeyReferenceForm] = [.binarySecurityToken, .subjectKeyIdentifier, .thumbprintSHA1, .issuerSerial]

    /// A Tessera-signed request, as the bytes a peer receives.
    static func signedRequest(_ keyReference: KeyReferenceForm, canonicalSignature: Bool = false) throws -> [UInt8] {
        let envelope = Interop.quoteRequest()
        var options = SecurityHeaderBuilder.SignatureOptions(credential: try Interop.credential("gateway"))
        options.keyReference = keyReference
        options.writesCanonicalSignature = canonicalSignature
        var builder = SecurityHeaderBuilder()
        builder.signature = options
        try builder.secure(envelope)
        return envelope.serialize()
    }

    static func xmlsec1Verify(_ file: String, certificate: String) async throws -> ToolResult {
        try await Interop.xmlsec1(
            [
                "--verify", "--pubkey-cert-pem", Interop.fixture("\(certificate).cert.pem").path,
                "--enabled-key-data", "key-name",
            ] + Interop.xmlsec1SignatureIDs + [file])
    }

    static func signxmlVerify(_ file: String, certificate: String) async throws -> ToolResult {
        try await Interop.python(
            "signxml_verify.py",
            [
                file, Interop.fixture("\(certificate).cert.pem").path,
                "--expect-references", "2",
            ])
    }

    @Test("xmlsec1 verifies, and refuses another certificate", .requiresXmlsec1, arguments: keyReferences)
    func xmlsec1Verifies(_ keyReference: KeyReferenceForm) async throws {
        let scratch = try ScratchDirectory()
        let file = try scratch.write(try Self.signedRequest(keyReference), as: "signed.xml")

        let result = try await Self.xmlsec1Verify(file, certificate: "gateway")
        #expect(result.succeeded, "\(result)")
        #expect(result.stderr.contains("SignedInfo References (ok/all): 2/2"), "\(result)")

        let otherKey = try await Self.xmlsec1Verify(file, certificate: "sts")
        #expect(!otherKey.succeeded, "xmlsec1 accepted the signature with the STS certificate: \(otherKey)")
    }

    @Test("signxml verifies both references, and refuses another certificate", .requiresPythonOracles, arguments: keyReferences)
    func signxmlVerifies(_ keyReference: KeyReferenceForm) async throws {
        let scratch = try ScratchDirectory()
        let file = try scratch.write(try Self.signedRequest(keyReference), as: "signed.xml")

        let result = try await Self.signxmlVerify(file, certificate: "gateway")
        #expect(result.succeeded, "\(result)")
        let signed = Set(result.stdoutText.split(separator: "\n").map(String.init))
        #expect(signed == ["{\(Interop.soap11)}Body", "{\(Interop.wsu)}Timestamp"], "\(result)")

        let otherKey = try await Self.signxmlVerify(file, certificate: "sts")
        #expect(otherKey.status == 1, "signxml accepted the signature with the STS certificate: \(otherKey)")
    }

    /// The gateway writes the signature of its forwarded messages in canonical form.
    @Test(
        "a signature written in canonical form verifies in xmlsec1 and signxml", .requiresXmlsec1, .requiresPythonOracles,
        arguments: keyReferences.filter { $0 != .issuerSerial })
    func canonicalSignatureVerifies(_ keyReference: KeyReferenceForm) async throws {
        let scratch = try ScratchDirectory()
        let file = try scratch.write(try Self.signedRequest(keyReference, canonicalSignature: true), as: "signed.xml")

        let xmlsec1 = try await Self.xmlsec1Verify(file, certificate: "gateway")
        #expect(xmlsec1.succeeded, "\(xmlsec1)")
        #expect(xmlsec1.stderr.contains("SignedInfo References (ok/all): 2/2"), "\(xmlsec1)")
        let signxml = try await Self.signxmlVerify(file, certificate: "gateway")
        #expect(signxml.succeeded, "\(signxml)")
    }

    @Test(
        "a Body changed after signing fails in xmlsec1 and signxml", .requiresXmlsec1, .requiresPythonOracles,
        arguments: [KeyReferenceForm.binarySecurityToken, .subjectKeyIdentifier])
    func tamperedBodyFails(_ keyReference: KeyReferenceForm) async throws {
        let scratch = try ScratchDirectory()
        let tampered = try Interop.replacing(">TSSR<", with: ">EVIL<", in: try Self.signedRequest(keyReference))
        let file = try scratch.write(tampered, as: "tampered.xml")

        let xmlsec1 = try await Self.xmlsec1Verify(file, certificate: "gateway")
        #expect(!xmlsec1.succeeded, "xmlsec1 accepted a changed Body: \(xmlsec1)")
        #expect(xmlsec1.stderr.contains("FAIL"), "\(xmlsec1)")

        let signxml = try await Self.signxmlVerify(file, certificate: "gateway")
        #expect(signxml.status == 1, "signxml accepted a changed Body: \(signxml)")
        #expect(signxml.stderr.contains("Digest mismatch"), "\(signxml)")
    }
}

/// RSA-SHA1 outbound: `SignatureBuilder` signs with SHA-1 only when
/// `_WEAK_allowSHA1PublicKeySignature` is set, and `SecurityHeaderBuilder.SignatureOptions` has
/// no way to set it, so Tessera cannot produce an RSA-SHA1 WS-Security signature for the
/// oracles to check. This pins that down; it needs no oracle.
@Suite("SecurityHeaderBuilder and RSA-SHA1", .tags(.interop))
struct SecurityHeaderBuilderSHA1Tests {
    @Test("RSA-SHA1 signing is refused: the builder exposes no weak-SHA-1 opt-in")
    func rsaSHA1IsRefused() throws {
        var options = SecurityHeaderBuilder.SignatureOptions(credential: try Interop.credential("gateway"))
        options.algorithm = .rsaSHA1
        var builder = SecurityHeaderBuilder()
        builder.signature = options
        let error = #expect(throws: WSSecurityError.self) { try builder.secure(Interop.quoteRequest()) }
        #expect(error?.code == .unsupportedAlgorithm, "\(String(describing: error))")
    }
}
