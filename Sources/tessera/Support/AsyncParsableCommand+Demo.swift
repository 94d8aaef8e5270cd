import ArgumentParser
import Foundation
import Logging
import TesseraServer

/// How every `tessera demo` runs: in the data directory `--data-dir` names, else in a fresh
/// temporary one removed afterwards; its own log at `warning` on standard error; the verdict
/// printed last, and a failed flow exits with ``CommandFailure/refusedStatus``.
extension AsyncParsableCommand {
    func runDemo(dataDirectory flag: String?, _ flow: (DataDirectory, Logger) async throws -> Bool) async throws {
        var succeeded = false
        try await reportingFailures {
            let temporary =
                flag == nil
                ? FileManager.default.temporaryDirectory.appendingPathComponent("tessera-demo-\(UUID().uuidString)").path : nil
            defer { if let temporary { try? FileManager.default.removeItem(atPath: temporary) } }
            var logger = Logger(label: "tessera.demo") { StreamLogHandler.standardError(label: $0) }
            logger.logLevel = .warning
            succeeded = try await flow(DataDirectory(path: flag ?? temporary!), logger)
        }
        print(succeeded ? "\nThe flow went as expected." : "\nThe flow did not go as expected.")
        if !succeeded { throw ExitCode(CommandFailure.refusedStatus) }
    }
}
