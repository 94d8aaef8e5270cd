import Foundation
import SecurityCore
import SOAP
import STS
import TesseraCrypto
import TesseraServer
import WSSecurity
import WSTrust
import X509
import XMLCore
import TesseraTestSupport

/// The test PKI in Tests/TesseraTestSupport/Fixtures (TEST KEYS ONLY).
enum TestPKI {
    static let fixtures = TesseraTestEnvironment.fixtures

    static func path(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

    static func credential(_ name: String) -> X509Credential {
        let key = try! String(contentsOfFile: path("\(name).key.pem"), encoding: .utf8)
        let certificate = try! String(contentsOfFile: path("\(name).cert.pem"), encoding: .utf8)
        return X509Credential(privateKey: try! PrivateKey(pemRepresentation: key), certificate: try! Certificate(pemEncoded: certificate))
    }

    static let gateway = credential("gateway")

    /// The relying party of the RST of the token-transformation scenario.
    static let helloService = "http://testHost/HelloService"

    /// A user for UsernameToken tests, her password hashed once per run at the lowest accepted
    /// cost.
    static let alicePassword = "wonderland-2026"
    static let alice = ServerConfiguration.User(
        name: "alice", passwordHash: try! PasswordHash.make(password: alicePassword, parameters: .minimum).phcString,
        attributes: [.init(name: "mail", values: ["alice@corp.example"])])

    /// A server configuration over the test PKI: the STS key, the test CA as anchor, the gateway
    /// as a delegating requestor and the HelloService of the token-transformation scenario as
    /// relying party; port 0.
    static func configuration() -> ServerConfiguration {
        var configuration = ServerConfiguration(
            identity: .init(
                issuer: "https://sts.tessera.test", nameQualifier: "STS", signingKey: path("sts.key.pem"), signingCertificate: path("sts.cert.pem")))
        configuration.listen = .init(host: "127.0.0.1", port: 0)
        configuration.trustAnchors = [path("ca.cert.pem")]
        configuration.requestors = [.init(name: "gateway", certificate: path("gateway.cert.pem"), mayDelegate: true)]
        configuration.relyingParties = [.init(name: "hello", appliesTo: [.exact(helloService)])]
        return configuration
    }

    /// The RST of the token-transformation scenario: an Issue request for `appliesTo` on behalf of
    /// `jdoe`, signed (Body and Timestamp) by `signer`, serialized. Each call has a fresh Timestamp
    /// and signature.
    static func signedRequest(
        version: SOAPVersion = .v12, trust: WSTrustVersion = .v13, appliesTo: String = helloService,
        addressingAction: Bool = true, signer: X509Credential? = gateway
    ) throws -> [UInt8] {
        try request(
            version: version, trust: trust, appliesTo: appliesTo, addressingAction: addressingAction, signer: signer,
            onBehalfOf: "jdoe")
    }

    /// An ADFS usernamemixed request: an Issue for `appliesTo` carrying `user`'s UsernameToken
    /// (PasswordText) and a Timestamp in the header, unsigned, without OnBehalfOf.
    static func usernameRequest(username: String = alice.name, password: String = alicePassword, appliesTo: String = helloService) throws -> [UInt8] {
        try request(
            version: .v12, trust: .v13, appliesTo: appliesTo, addressingAction: true, signer: nil, onBehalfOf: nil,
            usernameToken: UsernameToken(username: username, password: .text(password)))
    }

    /// An ADFS usernamemixed request carrying `token` as it is (PasswordText or PasswordDigest,
    /// with its own Nonce and Created) and a Timestamp in the header, unsigned.
    static func usernameRequest(_ token: UsernameToken, appliesTo: String = helloService) throws -> [UInt8] {
        try request(version: .v12, trust: .v13, appliesTo: appliesTo, addressingAction: true, signer: nil, onBehalfOf: nil, usernameToken: token)
    }

    private static func request(
        version: SOAPVersion, trust: WSTrustVersion, appliesTo: String, addressingAction: Bool,
        signer: X509Credential?, onBehalfOf: String?, usernameToken: UsernameToken? = nil
    ) throws -> [UInt8] {
        let envelope = SOAPEnvelope(version: version)
        AddressingHeaders(
            version: .v10, to: "http://127.0.0.1/sts", action: addressingAction ? trust.requestAction(.issue) : nil,
            messageID: AddressingHeaders.newMessageID()
        ).write(to: envelope)
        var request = RequestSecurityToken(version: trust, requestType: .issue)
        request.appliesTo = AppliesTo(address: appliesTo)
        request.tokenType = .saml20
        if let onBehalfOf {
            let holder = XMLDocument(rootLocalName: "Holder", namespace: nil)
            request.onBehalfOf = UsernameToken(username: onBehalfOf, password: nil).write(into: holder.root)
        }
        request.write(into: envelope.body)
        if signer != nil || usernameToken != nil {
            var builder = SecurityHeaderBuilder()
            builder.signature = signer.map { .init(credential: $0) }
            builder.usernameToken = usernameToken
            try builder.secure(envelope)
        }
        return envelope.serialize()
    }
}
