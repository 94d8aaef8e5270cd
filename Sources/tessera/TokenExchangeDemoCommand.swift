import ArgumentParser
import Foundation
import Logging
import SOAP
import TesseraDemos
import TesseraServer

/// `tessera demo token-exchange`: the token-transformation scenario (consumer → gateway → STS
/// → provider) over loopback HTTP, stage by stage.
struct TokenExchangeDemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token-exchange",
        abstract:
            "Run the token-transformation scenario over loopback HTTP: a consumer's UsernameToken swapped by the gateway for an STS-issued SAML assertion.",
        discussion: """
            Starts the STS with the sample HelloService beside it (what `tessera serve` runs; \
            state in memory) and `tessera gateway` in front of it, on free ports of 127.0.0.1, \
            with the development keys of a data directory (a temporary one unless --data-dir is \
            given; it is created with development keys when empty). The demo plays the consumer: \
            user jdoe sends a request whose wsse:UsernameToken holds a Username and no password \
            (an identity assertion, accepted from loopback). Each call is printed as the \
            scenario's sequence, with the time of each stage since the consumer sent its request: \
            (1) the consumer's request, (2) the RST Issue the gateway sends to the STS (AppliesTo, \
            OnBehalfOf, signed with the gateway key), (3) the RSTR with the SAML 2.0 sender-vouches \
            assertion, (4) the request the gateway forwards to HelloService, the UsernameToken \
            swapped for the assertion and signed by the gateway, (5) HelloService's answer. The \
            second and later calls are answered from the gateway's token cache, without an STS \
            call. --show-messages prints every SOAP message as well.

            With --secure-conversation the gateway's route goes to the echo service of `tessera \
            serve` under a WS-SecureConversation context instead: the STS issues a holder-of-key \
            SAML 2.0 assertion for jdoe bound to the gateway's key, (4a) the gateway establishes a \
            security context with it (RST/SCT), (4b) the echo service answers with the context, \
            (5) the consumer's request goes signed and encrypted with keys derived from the \
            context, (6) the answer is verified, decrypted and relayed. Later calls reuse the \
            context from the gateway's context cache. The demo configures the echo service to \
            take the STS's assertions, in memory only.

            The demo verifies rather than trusts: the forwarded message must carry the STS's \
            SAML 2.0 assertion, the one the RSTR held, confirmed sender-vouches by the gateway's \
            signature over assertion, Body, Timestamp and WS-Addressing headers, and the answer \
            must be "Hello, jdoe".

            Exit status: 0 every call went as expected; 1 a stage did not (it is printed as \
            'FAILED: ...'); 2 the demo could not run; 64 invalid arguments.
            """
    )

    enum SOAPVersionChoice: String, CaseIterable, ExpressibleByArgument {
        case v11 = "1.1"
        case v12 = "1.2"

        var version: SOAPVersion { self == .v11 ? .v11 : .v12 }
    }

    @Option(name: .customLong("soap-version"), help: "The consumer's SOAP version: 1.1 or 1.2.")
    var soapVersion: SOAPVersionChoice = .v11

    @Option(help: "How many requests the consumer sends; the second and later ones are answered from the token cache.")
    var calls = 2

    @Flag(
        name: .customLong("secure-conversation"),
        help: "Forward to the echo service under a secure conversation, bootstrapped with the STS's holder-of-key assertion.")
    var secureConversation = false

    @Flag(name: .customLong("show-messages"), help: "Print every SOAP message: the consumer's request, the RST, the RSTR, the forwarded request, the answer.")
    var showMessages = false

    @Option(
        name: .customLong("data-dir"),
        help: ArgumentHelp("Take the development keys and tessera.yaml from DIR (created when empty) instead of a temporary directory.", valueName: "DIR"))
    var dataDirectory: String?

    func validate() throws {
        guard (1...1_000).contains(calls) else { throw ValidationError("--calls must be between 1 and 1000") }
    }

    func run() async throws {
        try await runDemo(dataDirectory: dataDirectory) { directory, logger in
            let demo = TokenExchangeDemo(
                dataDirectory: directory, soapVersion: soapVersion.version, calls: calls, secureConversation: secureConversation)
            do {
                return try await demo.run(logger: logger, showMessages: showMessages) { step in
                    print(step.description)
                }
            } catch let error as TokenExchangeDemoError {
                throw CommandFailure.cannotRun(error.description)
            }
        }
    }
}
