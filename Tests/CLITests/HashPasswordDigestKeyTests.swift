import Foundation
import STS
import Testing
import TesseraTestSupport
import WSSecurity

/// `tessera hash-password --digest-key FILE --username NAME` prints a user entry for
/// PasswordDigest: the scrypt hash and the password sealed under the key in FILE (created 0600
/// when missing), which a user directory holding that key accepts digests for.
@Suite(.needsExternalProcesses) struct HashPasswordDigestKeyTests {
    func entry(_ stdout: String) -> [String: String] {
        var fields: [String: String] = [:]
        for line in stdout.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, parts[1].hasPrefix("'"), parts[1].hasSuffix("'") else { continue }
            fields[parts[0]] = String(parts[1].dropFirst().dropLast())
        }
        return fields
    }

    @Test func theEntryOpensWithTheCreatedKeyForThatUserOnly() async throws {
        let scratch = try Scratch()
        let keyFile = scratch.path("digest.key")
        let result = try await TesseraProcess.run(["hash-password", "--digest-key", keyFile, "--username", "bob"], stdin: Array("b0b-digest\n".utf8))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stdout.contains("b0b-digest"))
        #expect(result.stderr.contains("created the digest key"))
        let fields = entry(result.stdout)
        let hash = try PasswordHash(phc: try #require(fields["passwordHash"]))
        #expect(hash.verify("b0b-digest"))
        let sealed = try SealedPassword(sealed: try #require(fields["digestPassword"]))

        let attributes = try FileManager.default.attributesOfItem(atPath: keyFile)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let key = [UInt8](try Data(contentsOf: URL(fileURLWithPath: keyFile)))
        #expect(key.count == 32)
        #expect(sealed.opens(for: "bob", key: key))
        #expect(!sealed.opens(for: "alice", key: key))

        let directory = try UserDirectory(users: [.init(name: "bob", passwordHash: hash, digestPassword: sealed)], digestKey: key)
        let token = UsernameToken.digest(username: "bob", password: "b0b-digest", created: Date())
        #expect(try directory.authenticate(token).name == "bob")
        #expect(throws: WSSecurityError.self) { try directory.authenticate(UsernameToken.digest(username: "bob", password: "guess", created: Date())) }

        // A second run reuses the key: its entry opens with the same key.
        let again = try await TesseraProcess.run(["hash-password", "--digest-key", keyFile, "--username", "bob"], stdin: Array("b0b-digest\n".utf8))
        #expect(again.status == 0 && !again.stderr.contains("created"))
        #expect(try SealedPassword(sealed: try #require(entry(again.stdout)["digestPassword"])).opens(for: "bob", key: key))
    }

    @Test func aKeyFileOthersCanReadIsRefused() async throws {
        let scratch = try Scratch()
        let keyFile = scratch.path("digest.key")
        try Data(repeating: 7, count: 32).write(to: URL(fileURLWithPath: keyFile))
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: keyFile)
        let result = try await TesseraProcess.run(["hash-password", "--digest-key", keyFile, "--username", "bob"], stdin: Array("pw\n".utf8))
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("chmod 600"))
    }

    @Test func aDigestKeyNeedsAUsername() async throws {
        let scratch = try Scratch()
        let result = try await TesseraProcess.run(["hash-password", "--digest-key", scratch.path("digest.key")], stdin: Array("pw\n".utf8))
        #expect(result.status != 0)
        #expect(result.stderr.contains("--digest-key needs --username"))
        #expect(!FileManager.default.fileExists(atPath: scratch.path("digest.key")))
    }
}
