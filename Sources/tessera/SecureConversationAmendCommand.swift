import ArgumentParser
import SecureConversation

/// `tessera sc amend`: adds the identity of an X.509 credential, or the subject of a
/// holder-of-key SAML assertion that confirms it, to the context of a context file (WS-SC 1.3 §7
/// Amend), proven by a signature of that credential beside the context's.
struct SecureConversationAmendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "amend",
        abstract: "Add the identity of an X.509 key or a SAML assertion to a security context (Amend).",
        discussion: """
            The RST/SCT/Amend is signed twice: with a key derived from the context (only its owner \
            can ask) and with --key, whose certificate must chain to what the service trusts; the \
            certificate's subject becomes a claim of the context, which the service's handler then \
            sees beside the owner. The context keeps its Identifier, Instance, keys and lifetime; \
            the file is rewritten (a cookie context's token carries the new claims). With --saml \
            FILE, a holder-of-key assertion that confirms --cert (one the service's own STS \
            issued, when the service accepts them), the assertion travels in the header, --key's \
            signature references it, and the assertion's subject becomes the claim instead.
            """
    )

    @OptionGroup var session: ContextSessionOptions

    @Option(help: ArgumentHelp("The key whose certificate's identity is added (PEM).", valueName: "KEY.pem"))
    var key: String

    @Option(help: ArgumentHelp("The certificate of --key (PEM).", valueName: "CERT.pem"))
    var cert: String

    @Option(help: ArgumentHelp("Add the subject of the holder-of-key SAML assertion in FILE, whose key is --key.", valueName: "FILE"))
    var saml: String?

    func run() async throws {
        try await reportingFailures {
            let credential = try KeyFiles.credential(key: key, certificate: cert)
            let proof: ContextClaimsProof = try saml.map { .samlHolderOfKey(assertion: try FileIO.read($0), credential: credential) } ?? .x509(credential)
            let summary = try await ContextSession.run(session) { context in
                try await context.client.amend(addingClaimsOf: proof)
                try context.save()
                let lines = context.client.savedContext.map { ContextSummary($0).lines(file: context.path) } ?? []
                let added = saml == nil ? "\(credential.certificate.subject)" : "the subject of the SAML assertion"
                return ["Amended: the context now also carries \(added)."] + lines
            }
            print(summary.joined(separator: "\n"))
        }
    }
}
