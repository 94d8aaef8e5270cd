import ArgumentParser
import Foundation
import WSSecurity

/// A failure a command reports as one line on standard error, with the exit status that tells
/// a refused message (1) from a command that could not run (2).
struct CommandFailure: Error {
    static let refusedStatus: Int32 = 1
    static let cannotRunStatus: Int32 = 2

    let message: String
    let status: Int32

    /// The message was refused: `wsse:Code: reason`.
    static func refused(_ error: WSSecurityError) -> CommandFailure {
        CommandFailure(message: error.description, status: refusedStatus)
    }

    /// The message was refused for a reason that has no WS-Security fault.
    static func refused(_ message: String) -> CommandFailure {
        CommandFailure(message: message, status: refusedStatus)
    }

    /// The command could not do its work (input, keys, options).
    static func cannotRun(_ message: String) -> CommandFailure {
        CommandFailure(message: "error: " + message, status: cannotRunStatus)
    }
}

/// Standard error, for notes and failures; standard output carries results only.
enum Console {
    static func note(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

extension AsyncParsableCommand {
    /// Runs `body`, printing any failure as one line on standard error (never a stack trace)
    /// and exiting with its status.
    func reportingFailures(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let exit as ExitCode {
            throw exit
        } catch let failure as CommandFailure {
            Console.note(failure.message)
            throw ExitCode(failure.status)
        } catch let error as WSSecurityError {
            Console.note(error.description)
            throw ExitCode(CommandFailure.refusedStatus)
        } catch {
            Console.note("error: \(error)")
            throw ExitCode(CommandFailure.cannotRunStatus)
        }
    }
}
