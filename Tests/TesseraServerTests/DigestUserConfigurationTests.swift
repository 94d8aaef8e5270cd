import Foundation
import STS
import Testing
@testable import TesseraServer

/// `users[].digestPassword` and `usersDigestKey`: decoded from YAML, checked when the file is
/// loaded (form, key named) and when the token service is built (the key file is usable and
/// opens every sealed password for its user), each problem naming its field and never
/// repeating a secret.
struct DigestUserConfigurationTests {
    static let identity = ServerConfigurationTests.identity
    static let hash = TestPKI.alice.passwordHash

    func problems(_ yaml: String) -> [String] {
        do {
            _ = try ServerConfiguration(yaml: Self.identity + yaml, baseDirectory: "/etc/tessera")
            return []
        } catch {
            return error.issues.map(\.description)
        }
    }

    /// The STS configuration's problems for `configuration`, built from files.
    func serviceProblems(_ configuration: ServerConfiguration) -> [String] {
        do {
            _ = try STSConfiguration(configuration)
            return []
        } catch {
            return error.issues.map(\.description)
        }
    }

    /// A scratch directory with a digest key file (mode `mode`), removed after `body`.
    func withKeyFile<T>(mode: Int = 0o600, bytes: Int = 32, _ body: (_ path: String, _ key: [UInt8]) throws -> T) throws -> T {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-digest-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let path = scratch.appendingPathComponent("digest.key").path
        let key = (0..<bytes).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        try Data(key).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        return try body(path, key)
    }

    @Test func theDigestFieldsDecode() throws {
        let sealed = try SealedPassword.seal(password: "pw", username: "alice", key: Array(repeating: 1, count: 32)).sealedString
        let configuration = try ServerConfiguration(
            yaml: Self.identity + """
                usersDigestKey: secrets/digest.key
                users:
                  - name: alice
                    passwordHash: '\(Self.hash)'
                    digestPassword: '\(sealed)'
                """, baseDirectory: "/etc/tessera")
        #expect(configuration.usersDigestKey == "secrets/digest.key")
        #expect(configuration.users.first?.digestPassword == sealed)
    }

    @Test func aPlainPasswordOrAMissingKeyIsRefusedNamingTheField() {
        let found = problems(
            """
            users:
              - name: alice
                passwordHash: '\(Self.hash)'
                digestPassword: 'wonderland-2026'
            """)
        #expect(found.count == 2, "\(found)")
        #expect(found.first?.hasPrefix("users[0].digestPassword: is not a sealed password") == true, "\(found)")
        #expect(found.last == "users[0].digestPassword: needs usersDigestKey, the file of the key it was sealed with")
        #expect(!found.joined().contains("wonderland-2026"))
        #expect(problems("usersDigestKey: ''\n") == ["usersDigestKey: must name the digest key file when given"])
    }

    @Test func aServiceIsBuiltWhenTheKeyOpensEverySealedPassword() throws {
        try withKeyFile { path, key in
            var configuration = TestPKI.configuration()
            configuration.usersDigestKey = path
            configuration.users = [
                ServerConfiguration.User(
                    name: "alice", passwordHash: Self.hash,
                    digestPassword: try SealedPassword.seal(password: "pw", username: "alice", key: key).sealedString)
            ]
            #expect(serviceProblems(configuration) == [])
            let users = try #require(try STSConfiguration(configuration).users)
            #expect(users.digestKey == key)
            #expect(users.user(named: "alice")?.digestPassword != nil)
        }
    }

    @Test func aSealOfAnotherKeyOrAnotherUserIsRefused() throws {
        try withKeyFile { path, key in
            var configuration = TestPKI.configuration()
            configuration.usersDigestKey = path
            configuration.users = [
                ServerConfiguration.User(
                    name: "alice", passwordHash: Self.hash,
                    digestPassword: try SealedPassword.seal(password: "pw", username: "alice", key: Array(repeating: 9, count: 32)).sealedString),
                ServerConfiguration.User(
                    name: "bob", passwordHash: Self.hash,
                    digestPassword: try SealedPassword.seal(password: "pw", username: "alice", key: key).sealedString),
            ]
            #expect(
                serviceProblems(configuration) == [
                    "users[0].digestPassword: does not open with the usersDigestKey key for this user's name",
                    "users[1].digestPassword: does not open with the usersDigestKey key for this user's name",
                ])
        }
    }

    @Test(arguments: [(0o644, 32, "chmod 600"), (0o600, 31, "does not hold exactly 32 bytes"), (0o600, 33, "does not hold exactly 32 bytes")])
    func anUnusableKeyFileIsRefused(_ mode: Int, _ bytes: Int, _ problem: String) throws {
        try withKeyFile(mode: mode, bytes: bytes) { path, _ in
            var configuration = TestPKI.configuration()
            configuration.usersDigestKey = path
            configuration.users = [TestPKI.alice]
            let found = serviceProblems(configuration)
            #expect(found.count == 1)
            #expect(found.first?.hasPrefix("usersDigestKey: ") == true && found.first?.contains(problem) == true, "\(found)")
        }
        var missing = TestPKI.configuration()
        missing.usersDigestKey = "/nonexistent/tessera/digest.key"
        missing.users = [TestPKI.alice]
        #expect(serviceProblems(missing).first?.hasPrefix("usersDigestKey: cannot open /nonexistent/tessera/digest.key") == true)
    }
}
