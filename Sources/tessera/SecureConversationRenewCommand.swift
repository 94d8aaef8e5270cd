import ArgumentParser

/// `tessera sc renew`: new key material and lifetime for the context of a context file
/// (WS-SC 1.3 §5), the file rewritten.
struct SecureConversationRenewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "renew",
        abstract: "Renew a security context and rewrite its file with the new instance, secret and lifetime.",
        discussion: """
            The RST/SCT/Renew is signed and encrypted under the current context (the proof of \
            possession) and carries fresh entropy; the service answers under the current keys with \
            the same Identifier, a new Instance and lifetime. The file is replaced in one step and \
            stays owner-only; on any failure it is left as it was.
            """
    )

    @OptionGroup var session: ContextSessionOptions

    func run() async throws {
        try await reportingFailures {
            let summary = try await ContextSession.run(session) { context in
                try await context.client.renew()
                try context.save()
                return context.client.savedContext.map { ContextSummary($0).lines(file: context.path) } ?? []
            }
            print(summary.joined(separator: "\n"))
        }
    }
}
