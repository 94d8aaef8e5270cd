import Foundation
import Testing
import WSSecurity
@testable import STS

/// UsernameToken passwords against the directory: PasswordText against the slow hash,
/// PasswordDigest against the sealed password, with one reason for every failure.
struct UserDirectoryTests {
    let directory = TestUsers.directory

    @Test func passwordTextAuthenticatesAgainstTheHash() throws {
        let user = try directory.authenticate(UsernameToken(username: "alice", password: .text(TestUsers.alicePassword)))
        #expect(user.name == "alice")
        #expect(user.attributes == [IdentityAttribute(name: "role", values: ["reader"])])
    }

    @Test func wrongPasswordAndUnknownUserFailAlike() throws {
        let wrong = try #require(throws: WSSecurityError.self) {
            try directory.authenticate(UsernameToken(username: "alice", password: .text("wrong")))
        }
        let unknown = try #require(throws: WSSecurityError.self) {
            try directory.authenticate(UsernameToken(username: "mallory", password: .text(TestUsers.alicePassword)))
        }
        #expect(wrong.code == .failedAuthentication && unknown.code == .failedAuthentication)
        #expect(wrong.reason == unknown.reason)
    }

    @Test func passwordDigestAuthenticatesAUserWithASealedPassword() throws {
        let token = UsernameToken.digest(username: "bob", password: TestUsers.bobPassword, created: Date())
        #expect(try directory.authenticate(token).name == "bob")
        let wrong = UsernameToken.digest(username: "bob", password: "guess", created: Date())
        #expect(throws: WSSecurityError.self) { try directory.authenticate(wrong) }
    }

    @Test func passwordDigestForAUserWithoutASealedPasswordFailsLikeAWrongPassword() throws {
        let token = UsernameToken.digest(username: "alice", password: TestUsers.alicePassword, created: Date())
        let error = try #require(throws: WSSecurityError.self) { try directory.authenticate(token) }
        #expect(error.reason == "the username or password is not valid")
    }

    @Test func aDirectoryWithoutDigestKeySaysDigestIsNotAccepted() throws {
        let plain = try UserDirectory(users: [.init(name: "alice", passwordHash: try PasswordHash(phc: TestUsers.aliceHash))])
        let token = UsernameToken.digest(username: "alice", password: TestUsers.alicePassword, created: Date())
        let error = try #require(throws: WSSecurityError.self) { try plain.authenticate(token) }
        #expect(error.code == .failedAuthentication)
        #expect(error.reason.contains("PasswordDigest is not accepted"))
    }

    @Test func duplicateUsersAndShortDigestKeysAreRefused() throws {
        let hash = try PasswordHash(phc: TestUsers.aliceHash)
        let duplicate = try #require(throws: UserDirectoryError.self) {
            try UserDirectory(users: [.init(name: "alice", passwordHash: hash), .init(name: "alice", passwordHash: hash)])
        }
        #expect(duplicate.code == .duplicateUser)
        let key = try #require(throws: UserDirectoryError.self) { try UserDirectory(users: [], digestKey: [1, 2, 3]) }
        #expect(key.code == .invalidDigestKey)
    }
}
