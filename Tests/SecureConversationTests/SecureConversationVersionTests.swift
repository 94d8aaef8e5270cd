import SecureConversation
import Testing

/// Each version's URIs are its namespace with the suffix WS-SecureConversation gives them, and
/// each request Action names its version and binding.
@Suite struct SecureConversationVersionTests {
    @Test(arguments: SecureConversationVersion.allCases)
    func theURIsAreTheNamespacesOwn(_ version: SecureConversationVersion) {
        #expect(version.tokenTypeURI == version.namespace + "/sct")
        #expect(version.tokenType.rawValue == version.tokenTypeURI)
        #expect(version.derivedKeyValueType == version.namespace + "/dk")
        #expect(version.pSHA1Algorithm == version.namespace + "/dk/p_sha1")
    }

    @Test(arguments: SecureConversationVersion.allCases, ContextBinding.allCases)
    func eachRequestActionNamesItsVersionAndBinding(_ version: SecureConversationVersion, _ binding: ContextBinding) throws {
        let named = try #require(SecureConversationVersion.binding(ofRequestAction: version.requestAction(binding)))
        #expect(named.0 == version && named.1 == binding)
        #expect(SecureConversationVersion.binding(ofRequestAction: version.responseAction(binding)) == nil)
        #expect(SecureConversationVersion.binding(ofRequestAction: version.requestAction(binding) + "/") == nil)
    }
}
