import ArgumentParser

/// `tessera sc amend`: adds the identity of an X.509 credential to the context of a context
/// file (WS-SC 1.3 §7 Amend), proven by a signature of that credential beside the context's.
struct SecureConversationAmendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "amend",
        abstract: "Add the identity of an X.509 key to a security context (Amend).",
        discussion: """
            The RST/SCT/Amend is signed twice: with a key derived from the context (only its owner \
            can ask) and with --key, whose certificate must chain to what the service trusts; the \
            certificate's subject becomes a claim of the context, which the service's handler then \
            sees beside the owner. The context keeps its Identifier, Instance, keys and lifetime; \
            the file is rewritten (a cookie context's token carries the new claims).
            """
    )

    @OptionGroup var session: ContextSessionOptions

    @Option(help: ArgumentHelp("The key whose certificate's identity is added (PEM).", valueName: "KEY.pem"))
    var key: String

    @Option(help: ArgumentHelp("The certificate of --key (PEM).", valueName: "CERT.pem"))
    var cert: String

    func run() async throws {
        try await reportingFailures {
            let credential = try KeyFiles.credential(key: key, certificate: cert)
            let summary = try await ContextSession.run(session) { context in
                try await context.client.amend(addingClaimsOf: credential)
                try context.save()
                let lines = context.client.savedContext.map { ContextSummary($0).lines(file: context.path) } ?? []
                return ["Amended: the context now also carries \(credential.certificate.subject)."] + lines
            }
            print(summary.joined(separator: "\n"))
        }
    }
}
