import Foundation
import SOAP
import Testing
import WSSecurity
import XMLCore

/// An X.509 RST whose signature names its certificate with a `wsse:KeyIdentifier` of ValueType
/// `#X509v3` (the certificate itself, X.509 Token Profile 1.1 §3.2; WSS4J's
/// `X509KeyIdentifier`) is answered by the STS when the certificate is trusted, and refused
/// with `wsse:FailedAuthentication` when it is not.
@Suite struct X509KeyIdentifierOverHTTPTests {
    /// `request`, signed with a BinarySecurityToken reference, rewritten so the signature's
    /// SecurityTokenReference carries the certificate as an X509v3 KeyIdentifier and the
    /// BinarySecurityToken is gone. KeyInfo is outside SignedInfo, so the signature still holds.
    static func withX509KeyIdentifier(_ request: [UInt8]) throws -> [UInt8] {
        let envelope = try SOAPEnvelope(parsing: request)
        let security = try #require(try envelope.securityHeader())
        let token = try #require(security.firstChild("BinarySecurityToken", WSSNamespace.secext))
        let reference = try #require(security.firstDescendant(namedAnyOf: [QName(WSSNamespace.secext, "SecurityTokenReference")]))
        reference.removeAllChildren()
        let identifier = reference.addChild("KeyIdentifier", WSSNamespace.secext, prefix: "wsse")
        identifier.setAttribute("ValueType", value: WSSURI.x509v3)
        identifier.setAttribute("EncodingType", value: WSSURI.base64Binary)
        identifier.setText(token.trimmedText)
        token.remove()
        return envelope.serialize()
    }

    @Test(arguments: SOAPVersionOnTheWire.allCases)
    func trustedCertificateIsAnswered(_ wire: SOAPVersionOnTheWire) async throws {
        try await TestServer.with { server in
            let request = try Self.withX509KeyIdentifier(try TestPKI.signedRequest(version: wire == .soap11 ? .v11 : .v12))
            #expect(!String(decoding: request, as: UTF8.self).contains("BinarySecurityToken"))
            let result = try await server.postSOAP(request, version: wire, action: nil)
            #expect(result.status == 200, "\(result.text)")
            #expect(try SOAPEnvelope(parsing: result.body).bodyPayload?.localName != "Fault")
        }
    }

    @Test func untrustedCertificateIsRefused() async throws {
        try await TestServer.with { server in
            let request = try Self.withX509KeyIdentifier(try TestPKI.signedRequest(signer: TestPKI.credential("untrusted")))
            let result = try await server.postSOAP(request, version: .soap12, action: nil)
            let fault = try SOAPFault(envelope: try SOAPEnvelope(parsing: result.body))
            #expect(fault.subcode == QName(WSSNamespace.secext, "FailedAuthentication"), "\(fault)")
        }
    }
}
