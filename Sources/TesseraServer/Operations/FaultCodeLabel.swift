import SOAP
import SecureConversation
import WSTrust
import XMLCore

/// The bounded metric label of a fault code, `wst:InvalidScope`: the prefix each specification
/// writes its codes with (WSS 1.1 §12, WS-Trust 1.3 §11, WS-SecureConversation 1.3 §8,
/// WS-Addressing 1.0 SOAP Binding §6), whatever prefix a message used; a code in another
/// namespace is labelled by its local name.
enum FaultCodeLabel {
    static func label(of code: QName) -> String {
        guard let prefix = code.namespace.flatMap({ prefixes[$0] }) else { return code.localName }
        return "\(prefix):\(code.localName)"
    }

    private static let prefixes: [String: String] = {
        var table = [WSSNamespace.secext: "wsse", WSSNamespace.utility: "wsu"]
        for version in WSTrustVersion.allCases { table[version.namespace] = "wst" }
        for version in SecureConversationVersion.allCases { table[version.namespace] = "wsc" }
        for version in WSAddressingVersion.allCases { table[version.namespace] = "wsa" }
        return table
    }()
}
