import Foundation
import SecurityCore
import SOAP
import Testing
import WSSecurity
import X509
import XMLCore
import XMLSecurity
import TesseraTestSupport

/// WS-Security messages signed by xmlsec1 and by zeep verify in Tessera's WSSecurityEngine
/// with the test CA as trust anchor and the default policy (Body and Timestamp signed, X.509
/// authentication, Timestamp checked); the engine reports the gateway certificate as signer
/// and Body and Timestamp as covered. Their negative twins: a changed Body, and another
/// trust anchor.
///
/// Every sample carries soap/envelope.xml's Timestamp (Created 2025-06-01T12:00:00Z, Expires
/// five minutes later), so the engine's clock is pinned one minute after Created; nothing else
/// is relaxed.
@Suite("xmlsec1- and zeep-signed messages verify in Tessera", .tags(.interop))
struct ForeignSignatureVerifiesInTesseraTests {
    static let signingTime = Date(timeIntervalSince1970: 1_748_779_260)  // 2025-06-01T12:01:00Z

    /// The default inbound configuration and policy with `trustStore`, at ``signingTime``;
    /// `legacySHA1` accepts RSA-SHA1 as a receiver configured for a legacy peer does.
    static func engine(_ trustStore: X509TrustStore, legacySHA1: Bool = false) -> WSSecurityEngine {
        var configuration = InboundSecurityConfiguration(trustStore: trustStore)
        configuration.clock = .fixed(signingTime)
        configuration.signaturePolicy._WEAK_allowSHA1PublicKeySignatures = legacySHA1
        return WSSecurityEngine(configuration: configuration)
    }

    /// Processes `bytes` with the CA as the only anchor (plus `known` certificates that key
    /// identifiers may name) and checks what the engine reports.
    static func expectVerifies(_ bytes: [UInt8], known: [Certificate] = [], expectedAlgorithm: SignatureAlgorithm) async throws {
        let trustStore = X509TrustStore(anchors: [try Interop.certificate("ca")], known: known)
        let envelope = try SOAPEnvelope(parsing: bytes)
        let result = try await engine(trustStore, legacySHA1: expectedAlgorithm == .rsaSHA1).process(envelope)

        #expect(result.authenticatedCertificate == (try Interop.certificate("gateway")))
        #expect(result.signatures.count == 1)
        let signature = try #require(result.signatures.first)
        #expect(signature.verified.algorithm == expectedAlgorithm)
        let timestamp = try #require(result.timestamp?.element)
        #expect(!result.signatures(covering: envelope.body).isEmpty, "the Body is not reported as signed")
        #expect(!result.signatures(covering: timestamp).isEmpty, "the Timestamp is not reported as signed")
        #expect(Set(signature.verified.signedElements) == [envelope.body, timestamp])
    }

    /// Processes `bytes` and expects the engine to refuse them with `code`.
    static func expectRefused(_ bytes: [UInt8], trustStore: X509TrustStore, code: WSSecurityError.Code, legacySHA1: Bool = false) async throws {
        let envelope = try SOAPEnvelope(parsing: bytes)
        let error = await #expect(throws: WSSecurityError.self) { _ = try await engine(trustStore, legacySHA1: legacySHA1).process(envelope) }
        #expect(error?.code == code, "\(String(describing: error))")
    }

    /// A trust store that pins only the untrusted self-signed certificate: the gateway's
    /// signature is valid but its certificate is not trusted.
    static func untrustedOnly(known: [Certificate] = []) throws -> X509TrustStore {
        X509TrustStore(anchors: [], pinned: [try Interop.certificate("untrusted")], known: known)
    }

    // MARK: xmlsec1

    @Test("the committed xmlsec1 sample verifies; tampered or with another anchor it is refused")
    func committedXmlsec1Sample() async throws {
        let sample = try Interop.bytes("soap/envelope-signed-xmlsec1.xml")
        try await Self.expectVerifies(sample, expectedAlgorithm: .rsaSHA256)

        let tampered = try Interop.replacing(">TSSR<", with: ">EVIL<", in: sample)
        try await Self.expectRefused(tampered, trustStore: X509TrustStore(anchors: [try Interop.certificate("ca")]), code: .failedCheck)
        try await Self.expectRefused(sample, trustStore: try Self.untrustedOnly(), code: .failedAuthentication)
    }

    @Test("a signature made now by xmlsec1 from the template verifies; tampered it is refused", .requiresXmlsec1)
    func freshXmlsec1Signature() async throws {
        let scratch = try ScratchDirectory()
        // Another payload than the committed sample's, so this is not the same signature.
        let template = try Interop.replacing(">TSSR<", with: ">FRESH<", in: try Interop.bytes("soap/envelope-sign-template.xml"))
        let templateFile = try scratch.write(template, as: "template.xml")
        let signing = try await Interop.xmlsec1(
            ["--sign", "--privkey-pem", "\(Interop.fixture("gateway.key.pem").path),\(Interop.fixture("gateway.cert.pem").path)"]
                + Interop.xmlsec1SignatureIDs + ["--output", scratch.path("signed.xml"), templateFile])
        try #require(signing.succeeded, "\(signing)")
        let signed = try scratch.read("signed.xml")
        #expect(signed != (try Interop.bytes("soap/envelope-signed-xmlsec1.xml")))

        try await Self.expectVerifies(signed, expectedAlgorithm: .rsaSHA256)
        let tampered = try Interop.replacing(">FRESH<", with: ">EVIL<", in: signed)
        try await Self.expectRefused(tampered, trustStore: X509TrustStore(anchors: [try Interop.certificate("ca")]), code: .failedCheck)
    }

    // MARK: zeep

    struct ZeepCase: Sendable, CustomTestStringConvertible {
        var digest: String
        var keyID: String
        var testDescription: String { "\(digest) \(keyID)" }

        var algorithm: SignatureAlgorithm { digest == "sha1" ? .rsaSHA1 : .rsaSHA256 }

        /// issuer/serial and SKI name a certificate the message does not carry as a token
        /// (zeep's issuerserial X509Data also holds the certificate, but a WS-Security
        /// receiver resolves the X509IssuerSerial): the receiver must know the gateway's
        /// certificate. It is still validated against the CA; `known` grants no trust.
        var known: [Certificate] {
            get throws { keyID == "bst" ? [] : [try Interop.certificate("gateway")] }
        }
    }

    static let zeepCases: [ZeepCase] = ["sha1", "sha256"].flatMap { digest in
        ["bst", "issuerserial", "ski"].map { ZeepCase(digest: digest, keyID: $0) }
    }

    static func zeepSigned(_ zeepCase: ZeepCase) async throws -> [UInt8] {
        let result = try await Interop.python(
            "zeep_sign.py",
            [
                Interop.fixture("soap/envelope.xml").path,
                Interop.fixture("gateway.key.pem").path, Interop.fixture("gateway.cert.pem").path,
                "--digest", zeepCase.digest, "--keyid", zeepCase.keyID,
            ])
        try #require(result.succeeded, "\(result)")
        return result.stdout
    }

    @Test("zeep's signature verifies with the CA as anchor", .requiresPythonOracles, arguments: zeepCases)
    func zeepSignatureVerifies(_ zeepCase: ZeepCase) async throws {
        let signed = try await Self.zeepSigned(zeepCase)
        try await Self.expectVerifies(signed, known: try zeepCase.known, expectedAlgorithm: zeepCase.algorithm)
        if zeepCase.algorithm == .rsaSHA1 {
            // Unless configured for a legacy peer, a receiver refuses SHA-1 signatures.
            let trusted = X509TrustStore(anchors: [try Interop.certificate("ca")], known: try zeepCase.known)
            try await Self.expectRefused(signed, trustStore: trusted, code: .unsupportedAlgorithm)
        }
    }

    @Test(
        "zeep's signature is refused when only the untrusted certificate is pinned, or when the Body changed",
        .requiresPythonOracles, arguments: zeepCases)
    func zeepSignatureRefused(_ zeepCase: ZeepCase) async throws {
        let signed = try await Self.zeepSigned(zeepCase)
        let legacy = zeepCase.algorithm == .rsaSHA1
        try await Self.expectRefused(signed, trustStore: try Self.untrustedOnly(known: try zeepCase.known), code: .failedAuthentication, legacySHA1: legacy)

        let tampered = try Interop.replacing(">TSSR<", with: ">EVIL<", in: signed)
        let trusted = X509TrustStore(anchors: [try Interop.certificate("ca")], known: try zeepCase.known)
        try await Self.expectRefused(tampered, trustStore: trusted, code: .failedCheck, legacySHA1: legacy)
    }
}
