import ArgumentParser
import Foundation
import SOAP
import TesseraSamples
import TesseraServer
import XMLCore

/// `tessera sc send`: one message under the context of a context file (WS-SC 1.3 §7: signed
/// and encrypted with derived keys), the verified, decrypted answer printed.
struct SecureConversationSendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Send a message under a security context and print the verified, decrypted answer.",
        discussion: """
            The message is the SOAP envelope IN.xml ('-' for standard input; its Body is the \
            payload) with --action, or an Echo of --echo TEXT for the sample echo service of \
            `tessera serve`. Its Body, Timestamp and WS-Addressing headers are signed and its Body \
            encrypted with keys derived from the context's secret; the answer must be signed and \
            encrypted the same way and relate to the request. The answer's envelope is printed \
            decrypted (or written to -o OUT); with --echo, only the echoed text.
            """
    )

    @OptionGroup var session: ContextSessionOptions

    @Argument(help: ArgumentHelp("The SOAP envelope to send ('-' for standard input).", valueName: "IN.xml"))
    var input: String?

    @Option(help: ArgumentHelp("The message's WS-Addressing Action (with IN.xml).", valueName: "URI"))
    var action: String?

    @Option(help: ArgumentHelp("Send Echo(TEXT) to the sample echo service and print its answer.", valueName: "TEXT"))
    var echo: String?

    @OptionGroup var output: MessageOutput

    func validate() throws {
        guard (input == nil) != (echo == nil) else { throw ValidationError("give IN.xml with --action, or --echo TEXT") }
        if input != nil, action == nil { throw ValidationError("IN.xml needs --action") }
        if echo != nil, action != nil { throw ValidationError("--echo sends the echo service's own action; leave out --action") }
    }

    func run() async throws {
        try await reportingFailures {
            let request: SOAPEnvelope
            if let echo {
                let file = try SecurityContextFile.read(session.context)
                request = EchoService.request(echo, version: try file.soap())
            } else {
                request = try Self.envelope(at: input ?? "-")
            }
            let response = try await ContextSession.run(session) { context in
                try await context.client.send(request, action: action ?? EchoService.action)
            }
            if echo != nil {
                guard let text = EchoService.reply(in: response) else { throw CommandFailure.refused("the answer is not an EchoResponse") }
                print(text)
            } else {
                try output.write(response)
            }
        }
    }

    private static func envelope(at path: String) throws -> SOAPEnvelope {
        do {
            return try SOAPEnvelope(parsing: try FileIO.read(path))
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure.cannotRun("\(path == "-" ? "standard input" : "'\(path)'") is not a usable SOAP envelope")
        }
    }
}
