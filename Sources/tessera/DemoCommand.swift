import ArgumentParser
import Foundation
import Logging
import SOAP
import SecureConversation
import TesseraClient
import TesseraDemos
import TesseraServer

/// `tessera demo`: runnable demonstrations of the protocols, on loopback.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run a protocol demonstration on loopback.",
        subcommands: [SecureConversationDemoCommand.self, TokenExchangeDemoCommand.self]
    )
}

/// `tessera demo secure-conversation`: the WS-SecureConversation flow against the sample
/// echo service over HTTP on 127.0.0.1.
struct SecureConversationDemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "secure-conversation",
        abstract: "Establish a WS-SecureConversation context with a sample service over loopback HTTP, exchange messages, renew, cancel.",
        discussion: """
            Starts the sample echo service on 127.0.0.1 (a free port) with the development keys of \
            a data directory (a temporary one unless --data-dir is given; it is created with \
            development keys when empty): the service signs with the STS key and trusts the \
            development CA; the client is the sample gateway key. The client establishes a \
            context (RST/SCT, RSTR), exchanges --messages signed and encrypted messages under \
            derived keys, renews the context, cancels it, and sends its last request again to \
            show that it is refused. Each step of the flow is printed; --show-messages prints the \
            messages on the wire as well.

            Exit status: 0 the flow went as expected; 1 a step did not (it is printed as \
            'FAILED: ...'); 2 the demo could not run; 64 invalid arguments.
            """
    )

    enum VersionChoice: String, CaseIterable, ExpressibleByArgument {
        case v13 = "1.3"
        case v200502 = "2005"

        var version: SecureConversationVersion { self == .v13 ? .v13 : .v200502 }
    }

    @Option(help: "How many echo messages to exchange before renewing.")
    var messages = 10

    @Option(name: .customLong("version"), help: "The WS-SecureConversation version: 1.3 (OASIS) or 2005 (the February 2005 submission).")
    var scVersion: VersionChoice = .v13

    @Flag(name: .customLong("show-messages"), help: "Print every SOAP message sent and received.")
    var showMessages = false

    @Option(
        name: .customLong("data-dir"),
        help: ArgumentHelp("Take the development keys from DIR (created when empty) instead of a temporary directory.", valueName: "DIR"))
    var dataDirectory: String?

    func validate() throws {
        guard (1...1_000_000).contains(messages) else { throw ValidationError("--messages must be between 1 and 1000000") }
    }

    func run() async throws {
        try await runDemo(dataDirectory: dataDirectory) { directory, logger in
            let keys: DevelopmentKeys
            do {
                keys = try DevelopmentKeys(directory: directory, endpointAddress: "http://127.0.0.1/sts")
            } catch let error as DataDirectoryError {
                throw CommandFailure.cannotRun(error.description)
            }
            let demo = SecureConversationDemo(keys: keys, version: scVersion.version, messages: messages)
            let endpoint = SecureConversationEndpoint(path: "/echo", service: demo.service())
            return try await withSecureConversationServer(endpoint, logger: logger) { url in
                print("The echo service listens at \(url).")
                let transport = try HTTPSOAPTransport(url: url)
                let passed = await demo.run(over: transport, endpoint: url, showMessages: showMessages) { step in
                    print(step.description)
                }
                try await transport.shutdown()
                return passed
            }
        }
    }
}
