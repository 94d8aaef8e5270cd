import Foundation
import STS
import Testing
import TesseraTestSupport

/// `tessera hash-password` prints a hash the user directory accepts for that password only.
@Suite(.needsExternalProcesses) struct HashPasswordTests {
    @Test func hashFromStandardInputVerifies() async throws {
        let result = try await TesseraProcess.run(["hash-password"], stdin: Array("correct horse battery\n".utf8))
        #expect(result.status == 0, "hash-password failed: \(result.stderr)")
        #expect(result.stdout.hasSuffix("\n"))
        let printed = result.stdout.trimmingCharacters(in: .newlines)
        #expect(printed.hasPrefix("$scrypt$ln=15,r=8,p=1$"))
        #expect(!result.stdout.contains("correct horse"))
        let hash = try PasswordHash(phc: printed)
        #expect(hash.verify("correct horse battery"))
        #expect(!hash.verify("correct horse battery\n"))
        #expect(!hash.verify("correct horse"))
    }

    @Test func hashFromAFileKeepsTrailingSpacesAndDropsCRLF() async throws {
        let scratch = try Scratch()
        let file = try scratch.write("pässword \r\n", to: "password.txt")
        let result = try await TesseraProcess.run(["hash-password", "--password-file", file])
        #expect(result.status == 0, "hash-password failed: \(result.stderr)")
        let hash = try PasswordHash(phc: result.stdout.trimmingCharacters(in: .newlines))
        #expect(hash.verify("pässword "))
        #expect(!hash.verify("pässword"))
    }

    @Test func twoRunsUseDifferentSalts() async throws {
        let first = try await TesseraProcess.run(["hash-password"], stdin: Array("same".utf8))
        let second = try await TesseraProcess.run(["hash-password"], stdin: Array("same".utf8))
        #expect(first.status == 0 && second.status == 0)
        #expect(first.stdout != second.stdout)
    }

    @Test(arguments: [("", "is empty"), ("two\nlines\n", "spans several lines")])
    func unusableInputIsRefused(_ input: String, _ problem: String) async throws {
        let result = try await TesseraProcess.run(["hash-password"], stdin: Array(input.utf8))
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "error: the password from standard input \(problem)\n")
    }
}
