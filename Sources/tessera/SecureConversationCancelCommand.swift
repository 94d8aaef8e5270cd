import ArgumentParser

/// `tessera sc cancel`: ends the context of a context file (WS-SC 1.3 §6) and removes the file.
struct SecureConversationCancelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel",
        abstract: "Cancel a security context and remove its file.",
        discussion: """
            The RST/SCT/Cancel is signed under the context; once the service confirms the \
            cancellation the file is removed. When the service refuses, the file is kept.
            """
    )

    @OptionGroup var session: ContextSessionOptions

    func run() async throws {
        try await reportingFailures {
            let identifier = try await ContextSession.run(session) { context in
                try await context.client.cancel()
                return context.file.identifier
            }
            try OwnerOnlyFile.remove(session.context)
            print("cancelled: \(identifier)")
            print("removed: \(session.context)")
        }
    }
}
