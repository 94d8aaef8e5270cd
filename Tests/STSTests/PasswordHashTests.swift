import Foundation
import Testing
@testable import STS

/// scrypt password hashes in PHC form, checked against RFC 7914 and Python's hashlib.scrypt.
struct PasswordHashTests {
    /// RFC 7914 §12, the N = 1024, r = 8, p = 16 vector.
    @Test func scryptMatchesRFC7914() throws {
        let derived = try PasswordHash.derive(
            "password", salt: Array("NaCl".utf8),
            parameters: .init(logN: 10, blockSize: 8, parallelism: 16), length: 64)
        #expect(
            derived.map { String(format: "%02x", $0) }.joined()
                == "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640")
    }

    /// Hashes written by Python (hashlib.scrypt, Base64 without padding) verify, including a
    /// non-ASCII password hashed as UTF-8.
    @Test(arguments: [
        ("correct horse battery staple", "$scrypt$ln=14,r=8,p=1$AAECAwQFBgcICQoLDA0ODw$11kKyiyYAc8G7rp3KmncMc44YlkdllIqxOa7pq0fMaU"),
        ("pässwörd", "$scrypt$ln=14,r=8,p=1$dGVzc2VyYS1zYWx0LTAxNg$HmaUHt/aMQdZnps5v9rh+52KHa0eApXZZ8JwhYE77xg"),
    ])
    func pythonHashesVerify(_ password: String, _ phc: String) throws {
        let hash = try PasswordHash(phc: phc)
        #expect(hash.verify(password))
        #expect(!hash.verify(password + " "))
        #expect(hash.phcString == phc)
    }

    @Test func madeHashesRoundTripAndUseFreshSalts() throws {
        let text = try UserDirectory.hash(password: "s3cret", parameters: .minimum)
        #expect(text.hasPrefix("$scrypt$ln=14,r=8,p=1$"))
        let hash = try PasswordHash(phc: text)
        #expect(hash.verify("s3cret"))
        #expect(!hash.verify("S3cret"))
        #expect(try UserDirectory.hash(password: "s3cret", parameters: .minimum) != text)
        // The description never shows the salt or hash.
        #expect(!hash.description.contains(text.split(separator: "$")[3]))
    }

    @Test(arguments: [
        ("$scrypt$ln=10,r=8,p=1$AAECAwQFBgcICQoLDA0ODw$11kKyiyYAc8G7rp3KmncMc44YlkdllIqxOa7pq0fMaU", UserDirectoryError.Code.weakHash),
        ("$scrypt$ln=22,r=8,p=1$AAECAwQFBgcICQoLDA0ODw$11kKyiyYAc8G7rp3KmncMc44YlkdllIqxOa7pq0fMaU", .weakHash),
        ("$pbkdf2-sha256$29000$AAECAwQFBgcICQoLDA0ODw$11kKyiyYAc8G7rp3KmncMc44YlkdllIqxOa7pq0fMaU", .unsupportedHash),
        ("$scrypt$ln=14,r=8$AAECAwQFBgcICQoLDA0ODw$11kKyiyYAc8G7rp3KmncMc44YlkdllIqxOa7pq0fMaU", .malformedHash),
        ("$scrypt$ln=14,r=8,p=1,ln=15$AAECAwQFBgcICQoLDA0ODw$11kKyiyYAc8G7rp3KmncMc44YlkdllIqxOa7pq0fMaU", .malformedHash),
        ("$scrypt$ln=14,r=8,p=1$AAEC$11kKyiyYAc8G7rp3KmncMc44YlkdllIqxOa7pq0fMaU", .malformedHash),
        ("$scrypt$ln=14,r=8,p=1$AAECAwQFBgcICQoLDA0ODw$not base64!", .malformedHash),
        ("plaintext-password", .malformedHash),
    ])
    func unusableHashesAreRefused(_ text: String, _ code: UserDirectoryError.Code) throws {
        let error = try #require(throws: UserDirectoryError.self) { try PasswordHash(phc: text) }
        #expect(error.code == code)
    }
}

/// PasswordDigest users' passwords, sealed at rest and bound to the user.
struct SealedPasswordTests {
    let key = Array(repeating: UInt8(9), count: 32)

    @Test func sealedPasswordsOpenOnlyForTheirUserAndKey() throws {
        let sealed = try SealedPassword.seal(password: "bob-s3cret", username: "bob", key: key)
        let reread = try SealedPassword(sealed: sealed.sealedString)
        #expect(try reread.open(username: "bob", key: key) == "bob-s3cret")
        #expect(!sealed.sealedString.contains("bob-s3cret"))
        #expect(throws: UserDirectoryError.self) { try reread.open(username: "alice", key: key) }
        #expect(throws: UserDirectoryError.self) { try reread.open(username: "bob", key: Array(repeating: 1, count: 32)) }
    }

    @Test func malformedSealsAndShortKeysAreRefused() throws {
        #expect(throws: UserDirectoryError.self) { try SealedPassword(sealed: "$tessera-aes256gcm$AAAA") }
        #expect(throws: UserDirectoryError.self) { try SealedPassword(sealed: "bob-s3cret") }
        #expect(throws: UserDirectoryError.self) { try SealedPassword.seal(password: "x", username: "bob", key: [1, 2, 3]) }
    }
}
