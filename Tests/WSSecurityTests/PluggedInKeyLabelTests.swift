import Foundation
import SOAP
import Testing
import XMLCore
import XMLSecurity
@testable import WSSecurity

/// A key from a configured SymmetricKeyResolver (or token processor) is symmetric: it may not
/// claim to be a validated X.509 certificate, which authentication would otherwise trust.
struct PluggedInKeyLabelTests {
    struct LabellingResolver: SymmetricKeyResolver {
        let key: [UInt8]
        let token: SecurityToken
        func key(for reference: SecurityTokenReference, in context: InboundContextInfo) async throws -> ResolvedSymmetricKey? {
            ResolvedSymmetricKey(key: key, token: token)
        }
    }

    static let secret = [UInt8](repeating: 7, count: 32)

    /// The body signed with HMAC-SHA256 under `secret`, its KeyInfo an external reference.
    func hmacSignedBody() throws -> SOAPEnvelope {
        let envelope = Fixtures.envelope()
        envelope.body.setAttribute("Id", WSSNamespace.utility, prefix: "wsu", value: "body")
        let security = envelope.addHeaderBlock("Security", WSSNamespace.secext, prefix: "wsse")
        try SignatureBuilder(algorithm: .hmacSHA256, references: [.init(uri: "#body")])
            .sign(in: security, key: .secret(Self.secret)) { keyInfo in
                SecurityTokenReference.write(.reference(uri: "urn:example:context", valueType: nil), into: keyInfo)
            }
        return try Fixtures.received(envelope)
    }

    func engine(labelling token: SecurityToken) -> WSSecurityEngine {
        var configuration = Fixtures.inbound()
        configuration.symmetricKeyResolver = LabellingResolver(key: Self.secret, token: token)
        var policy = SecurityPolicy()
        policy.requireTimestamp = false
        policy.signedParts = [.body]
        policy.authentication = .none
        return WSSecurityEngine(configuration: configuration, policy: policy)
    }

    @Test func externalLabelIsAccepted() async throws {
        let envelope = try hmacSignedBody()
        let result = try await engine(labelling: .external(kind: "urn:example", identifier: "urn:example:context")).process(envelope)
        #expect(!result.signatures(covering: envelope.body).isEmpty)
        #expect(result.authenticatedCertificate == nil)
    }

    @Test(arguments: ["x509", "saml"])
    func certificateLabelsAreRefused(_ label: String) async throws {
        let certificate = Fixtures.gateway.certificate
        let token: SecurityToken = label == "x509" ? .x509(certificate, chain: []) : .samlAssertion(id: "A1", confirmationKey: certificate)
        let error = try await #require(throws: WSSecurityError.self) {
            _ = try await engine(labelling: token).process(try hmacSignedBody())
        }
        #expect(error.code == .invalidSecurityToken)
    }
}
