import Foundation
import SOAP
import WSSecurity
import XMLCore

/// The consumer's request of the scenario (Listing 1): WS-Addressing To and Action, a security
/// header with the consumer's UsernameToken(s), and a Body.
enum ConsumerRequest {
    static let action = "http://testHost/HelloService/hello"

    static func envelope(
        _ version: SOAPVersion, tokens: [UsernameToken], name: String = "world",
        extraHeader: ((SOAPEnvelope) -> Void)? = nil
    ) -> [UInt8] {
        let envelope = SOAPEnvelope(version: version)
        AddressingHeaders(version: .v10, to: Fixtures.helloService, action: action, messageID: AddressingHeaders.newMessageID()).write(to: envelope)
        extraHeader?(envelope)
        if !tokens.isEmpty {
            let security = try! envelope.ensureSecurityHeader()
            for token in tokens { _ = token.write(into: security) }
        }
        envelope.body.addChild("Hello", "urn:hello", prefix: "hello").addChild("Name", "urn:hello", prefix: "hello").setText(name)
        return envelope.serialize()
    }

    /// A Username alone: the internal domain's identity assertion.
    static func identity(_ version: SOAPVersion, username: String = "jdoe") -> [UInt8] {
        envelope(version, tokens: [UsernameToken(username: username, password: nil)])
    }

    static func headers(_ version: SOAPVersion) -> [(String, String)] {
        version.httpHeaders(action: action).map { ($0.name, $0.value) }
    }
}
