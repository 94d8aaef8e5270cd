import SecureConversation
import TesseraSamples

extension EchoService {
    /// The echo service's WSDL as hosted at `address` with `configuration`: the `Echo`
    /// operation under the service's WS-SecurityPolicy (bootstrap, algorithm suite, lifecycle).
    static func description(of configuration: SecureConversationServiceConfiguration, address: String) -> SecureConversationServiceDescription {
        SecureConversationServiceDescription(
            name: "EchoService", namespace: namespace,
            operations: [.init(name: "Echo", request: "Echo", requestAction: action, response: "EchoResponse", responseAction: responseAction)],
            policy: SecureConversationPolicyWriter(configuration), address: address)
    }
}
