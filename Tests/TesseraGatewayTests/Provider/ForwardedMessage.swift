import Foundation
import SAML
import SecurityCore
import SOAP
import WSSecurity
import XMLCore

/// Messages as the gateway forwards them, and the pieces attack messages are made of.
enum ForwardedMessage {
    /// The message the gateway forwarded for `username`'s identity assertion, as the stub
    /// provider received it.
    static func capture(in chain: Chain, username: String = "jdoe", version: SOAPVersion = .v12) async throws -> [UInt8] {
        let before = chain.provider.received.count
        let result = try await chain.post(ConsumerRequest.identity(version, username: username), version: version)
        guard result.status == 200, chain.provider.received.count == before + 1, let received = chain.provider.received.last else {
            throw CaptureFailed(description: "the gateway forwarded nothing: \(result.text)")
        }
        return received.message
    }

    /// The assertion in `message`, byte for byte as the STS signed it (the gateway copies it
    /// verbatim, every namespace it uses declared on it).
    static func assertion(in message: [UInt8]) throws -> [UInt8] {
        let text = String(decoding: message, as: UTF8.self)
        guard let open = text.firstMatch(of: /<(?:([A-Za-z0-9_]+):)?Assertion[\s>]/) else {
            throw CaptureFailed(description: "no assertion in the message")
        }
        let prefix = open.output.1.map { "\($0):" } ?? ""
        guard let close = text[open.range.lowerBound...].range(of: "</\(prefix)Assertion>") else {
            throw CaptureFailed(description: "the assertion is not closed")
        }
        return Array(text[open.range.lowerBound..<close.upperBound].utf8)
    }

    /// `assertion` re-signed by `credential`'s key, as an STS holding it would issue it.
    static func resigned(
        _ assertion: [UInt8], by credential: X509Credential,
        changing change: (inout SAML2.Assertion) -> Void = { _ in }
    ) throws -> [UInt8] {
        var model = try SAML2.Assertion(element: try XMLDocument(parsing: assertion).root)
        change(&model)
        return try SAMLAssertionSigner(credential: credential).signedDocument(model).serialize()
    }

    /// A Hello request carrying `assertion`, a fresh Timestamp (as of `clock`) and, unless
    /// `parts` is empty, `credential`'s signature (the gateway's by default) over `parts`, its
    /// key named as `keyReference` says (the certificate as a BinarySecurityToken by default).
    static func signed(
        carrying assertion: [UInt8], parts: [SecurityHeaderBuilder.Part] = [.timestamp, .body, .addressingHeaders, .samlAssertion],
        by credential: X509Credential = Fixtures.credential("gateway"), keyReference: KeyReferenceForm = .binarySecurityToken,
        clock: TimeSource = .system, version: SOAPVersion = .v12
    ) throws -> SOAPEnvelope {
        let envelope = try SOAPEnvelope(parsing: ConsumerRequest.envelope(version, tokens: []))
        var builder = SecurityHeaderBuilder()
        builder.clock = clock
        builder.samlAssertion = assertion
        if !parts.isEmpty {
            var signature = SecurityHeaderBuilder.SignatureOptions(credential: credential)
            signature.keyReference = keyReference
            signature.parts = parts
            builder.signature = signature
        }
        try builder.secure(envelope)
        return envelope
    }

    struct CaptureFailed: Error, CustomStringConvertible {
        let description: String
    }
}
