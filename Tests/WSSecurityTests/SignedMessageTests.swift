import Foundation
import SecurityCore
import SwiftASN1
import SOAP
import Testing
import TesseraCrypto
import XMLCore
import XMLSecurity
@testable import WSSecurity

/// Requests signed with the gateway's X.509 key (the shape of the RST in the token-transformation
/// scenario), processed by the receiving engine with the test CA as trust anchor.
struct SignedMessageTests {
    func signed(
        _ form: KeyReferenceForm = .binarySecurityToken, credential: X509Credential = Fixtures.gateway,
        version: SOAPVersion = .v11, parts: [SecurityHeaderBuilder.Part] = [.body, .timestamp]
    ) throws -> SOAPEnvelope {
        let envelope = Fixtures.envelope(version)
        var builder = SecurityHeaderBuilder()
        var options = SecurityHeaderBuilder.SignatureOptions(credential: credential)
        options.keyReference = form
        options.parts = parts
        builder.signature = options
        try builder.secure(envelope)
        return try Fixtures.received(envelope)
    }

    @Test(arguments: [KeyReferenceForm.binarySecurityToken, .subjectKeyIdentifier, .thumbprintSHA1, .issuerSerial])
    func signedRequestIsAuthenticated(_ form: KeyReferenceForm) async throws {
        let envelope = try signed(form)
        var configuration = Fixtures.inbound()
        // SKI, thumbprint and issuer-serial name a certificate the receiver must already know.
        configuration.trustStore = X509TrustStore(anchors: [Fixtures.ca], known: [Fixtures.gateway.certificate])
        let result = try await WSSecurityEngine(configuration: configuration).process(envelope)
        #expect(result.authenticatedCertificate == Fixtures.gateway.certificate)
        #expect(!result.signatures(covering: envelope.body).isEmpty)
        let timestamp = try #require(result.timestamp)
        #expect(!result.signatures(covering: timestamp.element).isEmpty)
    }

    @Test func soap12RequestIsAuthenticated() async throws {
        let result = try await WSSecurityEngine(configuration: Fixtures.inbound()).process(try signed(version: .v12))
        #expect(result.authenticatedCertificate == Fixtures.gateway.certificate)
    }

    @Test func certificateChainingThroughASuppliedIntermediate() async throws {
        let chained = X509Credential(privateKey: Fixtures.key("chained"), certificate: Fixtures.certificate("chained"))
        let envelope = try signed(credential: chained)
        let refused = try await #require(throws: WSSecurityError.self) {
            _ = try await WSSecurityEngine(configuration: Fixtures.inbound()).process(envelope)
        }
        #expect(refused.code == .failedAuthentication)
        var configuration = Fixtures.inbound()
        configuration.trustStore = X509TrustStore(anchors: [Fixtures.ca], known: [Fixtures.certificate("intermediate")])
        let result = try await WSSecurityEngine(configuration: configuration).process(try signed(credential: chained))
        #expect(result.authenticatedCertificate == chained.certificate)
    }

    @Test(arguments: ["untrusted", "expired"])
    func untrustedSignersAreRefused(_ name: String) async throws {
        let envelope = try signed(credential: Fixtures.credential(name))
        let error = try await #require(throws: WSSecurityError.self) {
            _ = try await WSSecurityEngine(configuration: Fixtures.inbound()).process(envelope)
        }
        #expect(error.code == .failedAuthentication, "\(name): \(error)")
    }

    /// A certificate with an RSA-1024 key is refused as a token before any signature is checked.
    @Test func weakCertificateIsRefused() async throws {
        let envelope = try signed()
        let bst = try #require(envelope.header?.children.first?.firstChild("BinarySecurityToken", WSSNamespace.secext))
        let pem = Fixtures.text("rsa1024.cert.pem").split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        bst.setText(pem)
        let error = try await #require(throws: WSSecurityError.self) {
            _ = try await WSSecurityEngine(configuration: Fixtures.inbound()).process(envelope)
        }
        #expect(error.code == .invalidSecurityToken)
    }

    /// The CA certificate states keyCertSign only: it may not sign messages, trusted or not.
    @Test func certificateWithoutSigningKeyUsageIsRefused() async throws {
        let envelope = try signed(credential: Fixtures.credential("ca"))
        let error = try await #require(throws: WSSecurityError.self) {
            _ = try await WSSecurityEngine(configuration: Fixtures.inbound()).process(envelope)
        }
        #expect(error.code == .failedAuthentication)
        #expect(error.reason.contains("key usage"))
    }

    /// WSS 1.1 §8.5: a response echoes the request's SignatureValue, signed.
    @Test func signatureConfirmationRoundTrips() async throws {
        let value: [UInt8] = Array(repeating: 7, count: 256)
        let envelope = Fixtures.envelope()
        var builder = SecurityHeaderBuilder()
        builder.signature = .init(credential: Fixtures.gateway)
        builder.signatureConfirmations = [value]
        try builder.secure(envelope)
        let received = try Fixtures.received(envelope)
        let result = try await WSSecurityEngine(configuration: Fixtures.inbound()).process(received)
        #expect(result.signatureConfirmations == [value])
        let confirmation = try #require(try received.securityHeader()?.firstChild("SignatureConfirmation", WSSNamespace.secext11))
        #expect(!result.signatures(covering: confirmation).isEmpty)
    }

    @Test func pinnedSelfSignedCertificateIsTrusted() async throws {
        let untrusted = Fixtures.credential("untrusted")
        var configuration = Fixtures.inbound()
        configuration.trustStore = X509TrustStore(anchors: [Fixtures.ca], pinned: [untrusted.certificate])
        let result = try await WSSecurityEngine(configuration: configuration).process(try signed(credential: untrusted))
        #expect(result.authenticatedCertificate == untrusted.certificate)
    }

    @Test func unsignedBodyIsRefusedByPolicy() async throws {
        let envelope = try signed(parts: [.timestamp])
        let error = try await #require(throws: WSSecurityError.self) {
            _ = try await WSSecurityEngine(configuration: Fixtures.inbound()).process(envelope)
        }
        #expect(error.code == .invalidSecurity)
        #expect(error.reason.contains("Body"))
    }

    @Test func missingTimestampIsRefusedByPolicy() async throws {
        let envelope = Fixtures.envelope()
        var builder = SecurityHeaderBuilder()
        builder.timestampLifetime = nil
        var options = SecurityHeaderBuilder.SignatureOptions(credential: Fixtures.gateway)
        options.parts = [.body]
        builder.signature = options
        try builder.secure(envelope)
        let error = try await #require(throws: WSSecurityError.self) {
            _ = try await WSSecurityEngine(configuration: Fixtures.inbound()).process(try Fixtures.received(envelope))
        }
        #expect(error.code == .invalidSecurity)
    }

    @Test func tamperedBodyFailsTheCheck() async throws {
        let envelope = try signed()
        try #require(envelope.body.descendantsAndSelf.first { $0.localName == "name" }).setText("mallory")
        let error = try await #require(throws: WSSecurityError.self) {
            _ = try await WSSecurityEngine(configuration: Fixtures.inbound()).process(envelope)
        }
        #expect(error.code == .failedCheck)
        #expect(error.fault.securityFaultCode == WSSFaultCode.failedCheck)
    }

    @Test func expiredTimestampIsRefused() async throws {
        let envelope = try signed()
        let error = try await #require(throws: WSSecurityError.self) {
            _ = try await WSSecurityEngine(configuration: Fixtures.inbound(now: Date().addingTimeInterval(3600))).process(envelope)
        }
        #expect(error.code == .messageExpired)
    }

    @Test func timestampFromTheFutureIsRefused() async throws {
        let envelope = try signed()
        let error = try await #require(throws: WSSecurityError.self) {
            _ = try await WSSecurityEngine(configuration: Fixtures.inbound(now: Date().addingTimeInterval(-3600))).process(envelope)
        }
        #expect(error.code == .invalidSecurity)
    }

    @Test func replayedMessageIsRefused() async throws {
        let wire = try signed().serialize()
        let engine = WSSecurityEngine(configuration: Fixtures.inbound())
        _ = try await engine.process(try SOAPEnvelope(parsing: wire))
        let error = try await #require(throws: WSSecurityError.self) { _ = try await engine.process(try SOAPEnvelope(parsing: wire)) }
        #expect(error.code == .invalidSecurity)
        #expect(error.reason.contains("replay"))
    }

    /// McIntosh & Austel: the signed Body moved into a header wrapper, a forged Body in its
    /// place. The envelope layer refuses a Body anywhere but under the Envelope, so the forged
    /// message never reaches the signature check.
    @Test func bodyWrappedInAHeaderIsRefused() async throws {
        let envelope = try signed()
        let header = try #require(envelope.header)
        header.addChild("Wrapper", "urn:attacker").addCopy(of: envelope.body)
        envelope.body.removeAttribute("Id", WSSNamespace.utility)
        try #require(envelope.body.descendantsAndSelf.first { $0.localName == "name" }).setText("mallory")
        let error = try #require(throws: (any Error).self) { try Fixtures.received(envelope) }
        #expect(WSSecurityError(error).code == .invalidSecurity)
    }

    /// The same attack on a signed WS-Addressing header, which the envelope layer cannot judge:
    /// the signature verifies (its reference follows the ID into the wrapper), and the policy
    /// refuses the forged wsa:To because no signature covers it.
    @Test func addressingHeaderWrappedIsRefused() async throws {
        let envelope = Fixtures.envelope()
        AddressingHeaders(version: .v10, to: "https://provider.example/HelloService", action: "urn:hello").write(to: envelope)
        var builder = SecurityHeaderBuilder()
        var options = SecurityHeaderBuilder.SignatureOptions(credential: Fixtures.gateway)
        options.parts = [.body, .timestamp, .addressingHeaders]
        builder.signature = options
        try builder.secure(envelope)
        let header = try #require(envelope.header)
        let to = try #require(header.children.first { $0.localName == "To" })
        header.addChild("Wrapper", "urn:attacker").addCopy(of: to)
        to.removeAttribute("Id", WSSNamespace.utility)
        to.setText("https://attacker.example/steal")

        var policy = SecurityPolicy()
        policy.signedParts = [.body, .timestamp, .addressingHeaders]
        let received = try Fixtures.received(envelope)
        let error = try await #require(throws: WSSecurityError.self) {
            _ = try await WSSecurityEngine(configuration: Fixtures.inbound(), policy: policy).process(received)
        }
        #expect(error.code == .invalidSecurity)
        #expect(error.reason.contains("To must be signed"))
    }

    @Test func duplicatedBodyIDIsRefused() async throws {
        let envelope = try signed()
        let header = try #require(envelope.header)
        let copy = header.addChild("Wrapper", "urn:attacker").addCopy(of: envelope.body)
        copy.remove()
        let decoy = header.addChild("Decoy", "urn:attacker")
        decoy.setAttribute("Id", WSSNamespace.utility, prefix: "wsu", value: try #require(envelope.body.attribute("Id", WSSNamespace.utility)))
        let error = try await #require(throws: WSSecurityError.self) {
            _ = try await WSSecurityEngine(configuration: Fixtures.inbound()).process(try Fixtures.received(envelope))
        }
        #expect(error.code == .invalidSecurity)
    }

    /// Each signature costs a public-key operation: a header full of them is refused up front.
    @Test func tooManySignaturesAreRefused() async throws {
        let envelope = try signed()
        let security = try #require(try envelope.securityHeader())
        let signature = try #require(security.firstChild("Signature", XMLSecurityNamespace.ds))
        for _ in 0..<4 { security.addCopy(of: signature).removeAttribute("Id") }
        let error = try await #require(throws: WSSecurityError.self) {
            _ = try await WSSecurityEngine(configuration: Fixtures.inbound()).process(try Fixtures.received(envelope))
        }
        #expect(error.code == .invalidSecurity)
        #expect(error.reason.contains("more than 4 Signature"))
    }

    @Test func malformedInputsMapToTypedFaults() throws {
        for bytes in ["<a><b></a>", "<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><x>&e;</x>", "<notsoap/>"].map({ Array($0.utf8) }) {
            let error = try #require(throws: (any Error).self) { try SOAPEnvelope(parsing: bytes) }
            #expect(WSSecurityError(error).code == .invalidSecurity)
        }
    }
}

/// X.509 Token Profile 1.1 §3.1: a BinarySecurityToken carrying a PkiPath (issuer first).
struct PKIPathTokenTests {
    @Test func pkiPathTokenGivesLeafAndChain() throws {
        let leaf = Fixtures.certificate("chained"), intermediate = Fixtures.certificate("intermediate")
        var serializer = DER.Serializer()
        try serializer.appendConstructedNode(identifier: .sequence) { coder in
            try coder.serialize(intermediate)
            try coder.serialize(leaf)
        }
        let document = try XMLDocument(
            parsing: Array(
                """
                <wsse:BinarySecurityToken xmlns:wsse="\(WSSNamespace.secext)" ValueType="\(WSSURI.x509PKIPathv1)" \
                EncodingType="\(WSSURI.base64Binary)">\(Data(serializer.serializedBytes).base64EncodedString())</wsse:BinarySecurityToken>
                """.utf8))
        let token = try BinarySecurityToken(element: document.root)
        #expect(token.leaf == leaf)
        #expect(token.certificates == [leaf, intermediate])
    }
}

struct LegacySHA1SigningTests {
    @Test func rsaSHA1NeedsTheWeakFlagAndThenVerifies() async throws {
        var options = SecurityHeaderBuilder.SignatureOptions(credential: Fixtures.gateway)
        options.algorithm = .rsaSHA1
        options.digestMethod = .sha1
        var builder = SecurityHeaderBuilder()
        builder.signature = options
        let error = try #require(throws: WSSecurityError.self) { try builder.secure(Fixtures.envelope()) }
        #expect(error.code == .unsupportedAlgorithm)
        builder.signature?._WEAK_allowSHA1PublicKeySignature = true
        let envelope = Fixtures.envelope()
        try builder.secure(envelope)
        // A receiver refuses SHA-1 public-key signatures unless configured for a legacy peer.
        let wire = envelope.serialize()
        let refused = try await #require(throws: WSSecurityError.self) {
            _ = try await WSSecurityEngine(configuration: Fixtures.inbound()).process(try SOAPEnvelope(parsing: wire))
        }
        #expect(refused.code == .unsupportedAlgorithm)
        var legacy = Fixtures.inbound()
        legacy.signaturePolicy._WEAK_allowSHA1PublicKeySignatures = true
        let result = try await WSSecurityEngine(configuration: legacy).process(try SOAPEnvelope(parsing: wire))
        #expect(result.signatures.first?.verified.algorithm == .rsaSHA1)
    }
}
