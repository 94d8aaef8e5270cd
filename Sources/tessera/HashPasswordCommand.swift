import ArgumentParser
import Foundation
import STS
import TesseraServer

/// `tessera hash-password`: the scrypt PHC hash of a password, for `users[].passwordHash`; with
/// `--digest-key`, also the password sealed for `users[].digestPassword`.
struct HashPasswordCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hash-password",
        abstract:
            "Print the salted scrypt hash of a password, for users[].passwordHash in the configuration (and, with --digest-key, its sealed form for PasswordDigest).",
        discussion: """
            Reads the password from standard input (or from --password-file), without echo \
            handling: pipe it in or type it and end with Ctrl-D. One trailing line break is \
            removed; a password spanning several lines is refused. Prints \
            $scrypt$ln=15,r=8,p=1$<salt>$<hash> (a fresh random salt each time) on standard output. \
            The password itself is never printed nor kept.

            A user who must send UsernameToken PasswordDigest also needs the password in a form \
            the server can open: --digest-key FILE --username NAME seals it with AES-256-GCM \
            under the key in FILE (32 bytes, mode 0600; created when missing), bound to NAME, \
            and prints two lines to paste into the user's entry, passwordHash: and \
            digestPassword:. Point usersDigestKey at FILE in the configuration, and keep FILE \
            out of the configuration's backups.
            """
    )

    @Option(
        name: .customLong("password-file"),
        help: ArgumentHelp("Read the password from FILE instead of standard input.", valueName: "FILE"))
    var passwordFile: String?

    @Option(
        name: .customLong("digest-key"),
        help: ArgumentHelp("Also seal the password for PasswordDigest under the key in FILE (created when missing); needs --username.", valueName: "FILE"))
    var digestKey: String?

    @Option(help: ArgumentHelp("The user's name (users[].name) the sealed password is bound to.", valueName: "NAME"))
    var username: String?

    func validate() throws {
        if digestKey != nil, username?.isEmpty ?? true {
            throw ValidationError("--digest-key needs --username: the sealed password is bound to the user's name")
        }
        if digestKey == nil, username != nil { throw ValidationError("--username goes with --digest-key") }
    }

    func run() async throws {
        try await reportingFailures {
            let source = passwordFile.map { "'\($0)'" } ?? "standard input"
            let password = try Self.password(from: try FileIO.read(passwordFile ?? "-"), source: source)
            let hash: String
            do {
                hash = try UserDirectory.hash(password: password)
            } catch let error as UserDirectoryError {
                throw CommandFailure.cannotRun("the password could not be hashed: \(error.reason)")
            }
            guard let digestKey, let username else {
                print(hash)
                return
            }
            do {
                let (key, created) = try DigestKeyFile.loadOrCreate(at: digestKey)
                if created { Console.note("created the digest key \(digestKey) (mode 0600); set usersDigestKey to it in the configuration") }
                let sealed = try SealedPassword.seal(password: password, username: username, key: key)
                print("passwordHash: '\(hash)'")
                print("digestPassword: '\(sealed.sealedString)'")
            } catch let error as ConfigurationError {
                throw CommandFailure.cannotRun("the digest key cannot be used: \(error.issues.map(\.problem).joined(separator: "; "))")
            } catch let error as UserDirectoryError {
                throw CommandFailure.cannotRun("the password could not be sealed: \(error.reason)")
            }
        }
    }

    /// The password `bytes` hold: UTF-8 text with one trailing line break (LF or CRLF) removed.
    static func password(from bytes: [UInt8], source: String) throws -> String {
        var bytes = bytes[...]
        if bytes.last == UInt8(ascii: "\n") {
            bytes.removeLast()
            if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw CommandFailure.cannotRun("the password from \(source) is not UTF-8 text")
        }
        guard !text.isEmpty else { throw CommandFailure.cannotRun("the password from \(source) is empty") }
        guard !text.contains(where: \.isNewline) else {
            throw CommandFailure.cannotRun("the password from \(source) spans several lines")
        }
        return text
    }
}
