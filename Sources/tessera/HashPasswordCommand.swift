import ArgumentParser
import Foundation
import STS

/// `tessera hash-password`: the scrypt PHC hash of a password, for `users[].passwordHash`.
struct HashPasswordCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hash-password",
        abstract: "Print the salted scrypt hash of a password, for users[].passwordHash in the configuration.",
        discussion: """
            Reads the password from standard input (or from --password-file), without echo \
            handling: pipe it in or type it and end with Ctrl-D. One trailing line break is \
            removed; a password spanning several lines is refused. Prints \
            $scrypt$ln=15,r=8,p=1$<salt>$<hash> (a fresh random salt each time) on standard output. \
            The password itself is never printed nor kept.
            """
    )

    @Option(name: .customLong("password-file"),
            help: ArgumentHelp("Read the password from FILE instead of standard input.", valueName: "FILE"))
    var passwordFile: String?

    func run() async throws {
        try await reportingFailures {
            let source = passwordFile.map { "'\($0)'" } ?? "standard input"
            let password = try Self.password(from: try FileIO.read(passwordFile ?? "-"), source: source)
            do {
                print(try UserDirectory.hash(password: password))
            } catch let error as UserDirectoryError {
                throw CommandFailure.cannotRun("the password could not be hashed: \(error.reason)")
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
