import ArgumentParser

/// The `tessera` command: argument parsing and printing only; the work is done by the
/// WSSecurity, XMLSecurity, TesseraCrypto and (for `serve`) TesseraServer libraries.
@main
struct Tessera: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tessera",
        abstract: "Sign, verify, encrypt and decrypt SOAP messages with WS-Security; run the STS (tessera serve).",
        discussion: """
            Each message command (sign, verify, encrypt, decrypt) reads one SOAP 1.1 or 1.2 envelope from a file ('-' for standard input). \
            Results go to standard output (or to -o OUT); notes and errors go to standard error, \
            one line each.

            Exit status: 0 success; 1 the message was refused: the WS-Security fault code and \
            reason are printed to standard error (for example 'wsse:FailedCheck: ...'); 2 the \
            command could not run (unreadable file, unusable key or certificate, input that is \
            not a SOAP envelope); 64 invalid arguments.

            Keys are PEM files (PKCS#8, PKCS#1 or SEC1, unencrypted); certificates are PEM files \
            that may hold several certificates.
            """,
        subcommands: [
            SignCommand.self, VerifyCommand.self, EncryptCommand.self, DecryptCommand.self, KeygenCommand.self, HashPasswordCommand.self, RequestCommand.self,
            SecureConversationCommand.self, ServeCommand.self, GatewayCommand.self, DemoCommand.self,
        ]
    )
}
