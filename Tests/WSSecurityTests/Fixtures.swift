import Foundation
import SecurityCore
import SOAP
import TesseraCrypto
import WSSecurity
import X509
import TesseraTestSupport

/// The test PKI in Tests/TesseraTestSupport/Fixtures (see its README): TEST KEYS ONLY.
enum Fixtures {
    static let directory = TesseraTestEnvironment.fixtures

    static func text(_ name: String) -> String {
        try! String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }

    static func certificate(_ name: String) -> Certificate {
        try! Certificate(pemEncoded: text("\(name).cert.pem"))
    }

    static func key(_ name: String) -> PrivateKey {
        try! PrivateKey(pemRepresentation: text("\(name).key.pem"))
    }

    static func credential(_ name: String) -> X509Credential {
        X509Credential(privateKey: key(name), certificate: certificate(name))
    }

    static let ca = certificate("ca")
    static let gateway = credential("gateway")
    static let service = credential("service")
    static let trustStore = X509TrustStore(anchors: [ca])

    /// A SOAP 1.1 request like the consumer's request in the token-transformation scenario.
    static func envelope(_ version: SOAPVersion = .v11) -> SOAPEnvelope {
        let envelope = SOAPEnvelope(version: version)
        let hello = envelope.body.addChild("hello", "urn:example:hello", prefix: "h")
        hello.addChild("name", "urn:example:hello", prefix: "h").setText("jdoe")
        return envelope
    }

    /// Sends through bytes, as a peer would receive it.
    static func received(_ envelope: SOAPEnvelope) throws -> SOAPEnvelope {
        try SOAPEnvelope(parsing: envelope.serialize())
    }

    static func inbound(now: Date = Date(), replayCache: any ReplayCache = InMemoryReplayCache()) -> InboundSecurityConfiguration {
        var configuration = InboundSecurityConfiguration(trustStore: trustStore)
        configuration.decryptionCredentials = [service]
        configuration.clock = .fixed(now)
        configuration.replayCache = replayCache
        return configuration
    }
}
