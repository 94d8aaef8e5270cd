import ArgumentParser
import Foundation
import SecureConversation
import TesseraClient

/// The options every `tessera sc` command working under an established context shares.
struct ContextSessionOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The security context file `tessera sc establish` wrote.", valueName: "FILE"))
    var context: String

    @Option(
        name: .customLong("tls-ca"),
        help: ArgumentHelp("Trust only these certificates for the https service (PEM) instead of the system's.", valueName: "CA.pem"))
    var tlsCA: String?

    @Option(help: ArgumentHelp("Give up after this many seconds.", valueName: "SECONDS"))
    var timeout = 30

    func validate() throws {
        guard timeout > 0 else { throw ValidationError("--timeout must be more than 0 seconds") }
    }
}

/// A ``SecureConversationClient`` of the service a context file names, holding that file's
/// context: what send, renew, cancel (and any later operation under a context) share.
struct ContextSession {
    let path: String
    let file: SecurityContextFile
    let client: SecureConversationClient

    /// Runs `operation` with a client holding the context in `options.context`, over HTTP(S) to
    /// the file's service, and maps what fails to the command's statuses
    /// (``SecureConversationCommand``'s discussion).
    static func run<T>(_ options: ContextSessionOptions, _ operation: (ContextSession) async throws -> T) async throws -> T {
        let file = try SecurityContextFile.read(options.context)
        let saved = try file.savedContext()
        var configuration = SecureConversationClientConfiguration(endpoint: file.service, bootstrap: .savedContextOnly)
        configuration.version = saved.token.version
        configuration.soapVersion = try file.soap()
        configuration.protection = try file.suite().protection
        let transport = try ServiceTransport.make(url: file.service, timeout: options.timeout, tlsCA: options.tlsCA)
        let result: Result<T, any Error>
        do {
            let client = SecureConversationClient(configuration: configuration, transport: transport)
            try client.resume(saved)
            result = .success(try await operation(ContextSession(path: options.context, file: file, client: client)))
        } catch {
            result = .failure(error)
        }
        try? await transport.shutdown()
        return try ServiceTransport.commandResult(result)
    }

    /// Rewrites the context file with the client's current context (after a renewal).
    func save() throws {
        guard let saved = client.savedContext else { throw CommandFailure.cannotRun("no context to write to '\(path)'") }
        try file.replacing(saved).write(to: path, replacing: true)
    }
}

/// The HTTP transport of the `tessera sc` commands and the statuses their failures map to.
enum ServiceTransport {
    static func make(url: String, timeout: Int, tlsCA: String?) throws -> HTTPSOAPTransport {
        var configuration = HTTPSOAPTransport.Configuration()
        configuration.requestTimeout = .seconds(timeout)
        configuration.connectTimeout = .seconds(min(timeout, 10))
        if let tlsCA { configuration.trustRoots = .certificates(try KeyFiles.certificates(at: tlsCA)) }
        do {
            return try HTTPSOAPTransport(url: url, configuration: configuration)
        } catch let error as HTTPTransportError {
            throw CommandFailure.cannotRun(error.reason)
        }
    }

    /// A fault or a refused answer is 1; a request that could not be made is 2.
    static func commandResult<T>(_ result: Result<T, any Error>) throws -> T {
        switch result {
        case .success(let value):
            return value
        case .failure(let error as SecureConversationError) where error.code == .fault:
            throw CommandFailure.refused("the service answered with a fault: \(error.reason)")
        case .failure(let error as SecureConversationError) where error.code == .notEstablished:
            throw CommandFailure.cannotRun(error.reason)
        case .failure(let error as SecureConversationError):
            throw CommandFailure.refused("the answer was refused: \(error.reason)")
        case .failure(let error as HTTPTransportError):
            throw CommandFailure.cannotRun(error.reason)
        case .failure(let error):
            throw error
        }
    }
}
