import ArgumentParser

/// `tessera sc`: a WS-SecureConversation client on the command line. Each subcommand is one
/// operation of the context's life (WS-SC 1.3 §3–§6), the context kept between them in an
/// owner-only file.
struct SecureConversationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sc",
        abstract: "Establish a WS-SecureConversation context with a service, send messages under it, renew, amend or cancel it.",
        discussion: """
            'establish' asks the service for a security context (WS-SC 1.3 or the February 2005 \
            submission) and writes it, with its secret, to an owner-only file (mode 0600; an \
            existing file is replaced only with --force). 'send', 'renew' and 'cancel' read that \
            file: 'send' signs and encrypts a message with keys derived from the secret (P_SHA1, \
            a fresh nonce per key) and prints the verified, decrypted answer; 'renew' gets new \
            key material and lifetime and rewrites the file; 'amend' adds the identity of another \
            X.509 key to the context (WS-SC 1.3 §7); 'cancel' ends the context and \
            removes the file. The file's format, which a peer can use to derive the same keys, \
            is documented in docs/secure-conversation.md.

            Exit status: 0 success; 1 the service answered with a fault (its code and reason are \
            printed, for example a BadContextToken for a cancelled context) or its answer was refused (not \
            signed by the service or the context, not a reply to the request); 2 the command \
            could not run (unreadable or unusable file, key or certificate; no connection, HTTP \
            error, timeout; a context file that exists or is readable by others); 64 invalid \
            arguments.
            """,
        subcommands: [
            SecureConversationEstablishCommand.self, SecureConversationSendCommand.self, SecureConversationRenewCommand.self,
            SecureConversationAmendCommand.self, SecureConversationCancelCommand.self,
        ]
    )
}
