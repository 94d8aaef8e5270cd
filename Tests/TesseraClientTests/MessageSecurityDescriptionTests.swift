import Testing
import TesseraClient

/// A configuration printed into a log or an error never shows the UsernameToken password.
struct MessageSecurityDescriptionTests {
    @Test func usernameTokenDescriptionHidesThePassword() {
        let security = MessageSecurity.usernameToken(username: "alice", password: "s3cret-Pa55", digest: false)
        let configuration = STSClientConfiguration(endpoint: "https://sts.example/sts", security: security)
        for text in ["\(security)", String(reflecting: security), "\(configuration)", String(reflecting: configuration)] {
            #expect(!text.contains("s3cret-Pa55"))
            #expect(text.contains("alice"))
        }
    }
}
