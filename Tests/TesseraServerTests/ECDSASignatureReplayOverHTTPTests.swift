import Foundation
import SOAP
import Testing
import TesseraServer
import WSSecurity
import WSTrust
import XMLCore
import XMLSecurity

/// An ECDSA signature `(r, s)` has a twin `(r, n − s)` that verifies over the same SignedInfo.
/// A captured request whose SignatureValue is turned into its twin is the same message, and the
/// STS refuses it as a replay; on a server that has not seen the original, the twin verifies,
/// so the refusal is the replay check and not a broken signature.
@Suite struct ECDSASignatureReplayOverHTTPTests {
    /// The order of the P-256 group (SEC 2 §2.4.2), big-endian.
    static let p256Order: [UInt8] = Array(hex: "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551")

    static func configuration() -> ServerConfiguration {
        var configuration = TestPKI.configuration()
        configuration.requestors.append(.init(name: "ec-requestor", certificate: TestPKI.path("ec-p256.cert.pem"), mayDelegate: true))
        return configuration
    }

    /// An Issue request signed (Body and Timestamp) with ECDSA-SHA256 by the P-256 test key.
    static func signedRequest() throws -> [UInt8] {
        let envelope = SOAPEnvelope(version: .v12)
        AddressingHeaders(
            version: .v10, to: "http://127.0.0.1/sts", action: WSTrustVersion.v13.requestAction(.issue),
            messageID: AddressingHeaders.newMessageID()
        ).write(to: envelope)
        var request = RequestSecurityToken(version: .v13, requestType: .issue)
        request.appliesTo = AppliesTo(address: TestPKI.helloService)
        request.tokenType = .saml20
        request.write(into: envelope.body)
        var options = SecurityHeaderBuilder.SignatureOptions(credential: TestPKI.credential("ec-p256"))
        options.algorithm = .ecdsaSHA256
        var builder = SecurityHeaderBuilder()
        builder.signature = options
        try builder.secure(envelope)
        return envelope.serialize()
    }

    /// `request` with its SignatureValue `r ‖ s` replaced by `r ‖ (n − s)`.
    static func withTwinSignature(_ request: [UInt8]) throws -> [UInt8] {
        let envelope = try SOAPEnvelope(parsing: request)
        let value = try #require(envelope.envelope.firstDescendant(namedAnyOf: [QName(XMLSecurityNamespace.ds, "SignatureValue")]))
        let raw = try #require(Data(base64Encoded: value.trimmedText).map(Array.init))
        try #require(raw.count == 64)
        let twin = Array(raw[..<32]) + subtract(Array(raw[32...]), from: p256Order)
        #expect(twin != raw)
        value.setText(Data(twin).base64EncodedString())
        return envelope.serialize()
    }

    /// `minuend − subtrahend` for big-endian unsigned integers of the same length, minuend larger.
    static func subtract(_ subtrahend: [UInt8], from minuend: [UInt8]) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: minuend.count)
        var borrow = 0
        for index in stride(from: minuend.count - 1, through: 0, by: -1) {
            var difference = Int(minuend[index]) - Int(subtrahend[index]) - borrow
            borrow = difference < 0 ? 1 : 0
            if difference < 0 { difference += 256 }
            result[index] = UInt8(difference)
        }
        return result
    }

    @Test func twinOfACapturedSignatureIsAReplay() async throws {
        let original = try Self.signedRequest()
        let twin = try Self.withTwinSignature(original)
        try await TestServer.with(Self.configuration()) { server in
            let first = try await server.postSOAP(original, version: .soap12, action: nil)
            #expect(first.status == 200, "\(first.text)")

            for replay in [twin, original] {
                let result = try await server.postSOAP(replay, version: .soap12, action: nil)
                let fault = try SOAPFault(envelope: try SOAPEnvelope(parsing: result.body))
                #expect(fault.subcode == QName(WSSNamespace.secext, "InvalidSecurity"), "\(fault)")
            }
        }
        try await TestServer.with(Self.configuration()) { server in
            let fresh = try await server.postSOAP(twin, version: .soap12, action: nil)
            #expect(fresh.status == 200, "the twin signature does not verify on its own: \(fresh.text)")
        }
    }
}

extension Array where Element == UInt8 {
    /// Bytes from hexadecimal digits (test constants only).
    init(hex: String) {
        let digits = Array(hex.utf8)
        self = stride(from: 0, to: digits.count, by: 2).map { UInt8(String(decoding: digits[$0...$0 + 1], as: UTF8.self), radix: 16)! }
    }
}
