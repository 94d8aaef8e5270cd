import Foundation
import SOAP
import Testing
import WSSecurity
import XMLCore
import XMLSecurity

/// Signature replay detection recognises a message by what was signed, so a captured request
/// whose ECDSA SignatureValue `(r, s)` is rewritten as its twin `(r, n − s)`, which verifies
/// over the same SignedInfo, is refused as the replay it is.
@Suite struct SignatureReplayTests {
    /// The order of the P-256 group (SEC 2 §2.4.2), big-endian.
    static let p256Order: [UInt8] = stride(from: 0, to: 64, by: 2).map { index in
        let hex = Array("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551".utf8)
        return UInt8(String(decoding: hex[index...index + 1], as: UTF8.self), radix: 16)!
    }

    /// Body and Timestamp signed with ECDSA-SHA256 by the P-256 test key, serialized.
    static func signedWithECDSA() throws -> [UInt8] {
        let envelope = Fixtures.envelope()
        var options = SecurityHeaderBuilder.SignatureOptions(credential: Fixtures.credential("ec-p256"))
        options.algorithm = .ecdsaSHA256
        var builder = SecurityHeaderBuilder()
        builder.signature = options
        try builder.secure(envelope)
        return envelope.serialize()
    }

    /// `wire` with its SignatureValue `r ‖ s` replaced by `r ‖ (n − s)`.
    static func twin(of wire: [UInt8]) throws -> [UInt8] {
        let envelope = try SOAPEnvelope(parsing: wire)
        let value = try #require(envelope.envelope.firstDescendant(namedAnyOf: [QName(XMLSecurityNamespace.ds, "SignatureValue")]))
        let raw = try #require(Data(base64Encoded: value.trimmedText).map(Array.init))
        try #require(raw.count == 64)
        var s = [UInt8](repeating: 0, count: 32)
        var borrow = 0
        for index in stride(from: 31, through: 0, by: -1) {
            let difference = Int(p256Order[index]) - Int(raw[32 + index]) - borrow
            borrow = difference < 0 ? 1 : 0
            s[index] = UInt8((difference + 256) % 256)
        }
        value.setText(Data(Array(raw[..<32]) + s).base64EncodedString())
        return envelope.serialize()
    }

    @Test func twinSignatureOfAProcessedMessageIsAReplay() async throws {
        let wire = try Self.signedWithECDSA()
        let twin = try Self.twin(of: wire)
        #expect(twin != wire)

        let engine = WSSecurityEngine(configuration: Fixtures.inbound())
        _ = try await engine.process(try SOAPEnvelope(parsing: wire))
        let error = try await #require(throws: WSSecurityError.self) { _ = try await engine.process(try SOAPEnvelope(parsing: twin)) }
        #expect(error.code == .invalidSecurity)
        #expect(error.reason.contains("replay"))

        // On its own the twin verifies: the refusal above is the replay check.
        let result = try await WSSecurityEngine(configuration: Fixtures.inbound()).process(try SOAPEnvelope(parsing: twin))
        #expect(result.signatures.first?.verified.algorithm == .ecdsaSHA256)
    }

    @Test func differentMessagesFromOneSignerAreNotReplays() async throws {
        let engine = WSSecurityEngine(configuration: Fixtures.inbound())
        for _ in 0..<3 {
            _ = try await engine.process(try SOAPEnvelope(parsing: try Self.signedWithECDSA()))
        }
    }
}
