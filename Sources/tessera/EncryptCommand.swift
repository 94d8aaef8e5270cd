import ArgumentParser
import WSSecurity

/// `tessera encrypt`: encrypts the Body content (and optionally header blocks) for a recipient.
struct EncryptCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encrypt",
        abstract: "Encrypt the Body content of a SOAP envelope for a recipient certificate.",
        discussion: """
            A fresh content key encrypts the Body's content (and the header blocks named by \
            --encrypt-part, wrapped in wsse11:EncryptedHeader); the key is transported in an \
            xenc:EncryptedKey with a ReferenceList, placed in the Security header before any \
            Signature so a signed message stays verifiable after decryption (sign, then encrypt).
            """
    )

    @Option(help: ArgumentHelp("The recipient's certificate (PEM, RSA key).", valueName: "CERT.pem"))
    var recipient: String

    @Option(help: "The content encryption algorithm. GCM authenticates the content; CBC does not and must be covered by a signature.")
    var algorithm: BlockAlgorithmChoice = .aes256GCM

    @Option(
        name: .customLong("key-transport"),
        help: "How the content key is encrypted: rsa-oaep (rsa-oaep-mgf1p, SHA-1) or rsa-oaep-sha256 (XML-Enc 1.1 rsa-oaep, SHA-256 and MGF1-SHA-256).")
    var keyTransport: KeyTransportChoice = .rsaOAEP

    @Option(
        name: .customLong("key-reference"),
        help: "How the EncryptedKey names the recipient's certificate: issuer-serial, ski, thumbprint or bst.")
    var keyReference: KeyReferenceChoice = .issuerSerial

    @Option(
        name: .customLong("encrypt-part"),
        help: ArgumentHelp(
            """
            A part to encrypt: body (its content) or a header block as {namespace}localName. \
            Repeat the option or separate parts with commas. (default: body)
            """, valueName: "part"))
    var encryptParts: [PartList] = []

    @Flag(name: .shortAndLong, help: "Describe what was encrypted on standard error.")
    var verbose = false

    @OptionGroup var output: MessageOutput
    @OptionGroup var input: MessageInput

    func validate() throws {
        if encryptParts.flatMap(\.parts).contains(.timestamp) {
            throw ValidationError("the Timestamp is not encrypted; it is read before any key is known")
        }
    }

    func run() async throws {
        try await reportingFailures {
            let certificate = try KeyFiles.certificates(at: recipient)[0]
            let envelope = try input.envelope()
            let parts = encryptParts.isEmpty ? [.body] : encryptParts.flatMap(\.parts)
            for part in parts where part.elements(in: envelope, security: nil).isEmpty {
                throw CommandFailure.cannotRun("the envelope has no \(part) header to encrypt")
            }
            var options = SecurityHeaderBuilder.EncryptionOptions(recipient: certificate)
            options.algorithm = algorithm.algorithm
            options.keyTransport = keyTransport.algorithm
            options.keyReference = keyReference.form
            options.parts = parts.map(\.outboundPart)
            var builder = SecurityHeaderBuilder()
            builder.timestampLifetime = nil
            builder.encryption = options
            do {
                try builder.secure(envelope)
            } catch let error as WSSecurityError {
                throw CommandFailure.cannotRun("cannot encrypt: \(error.reason)")
            }
            try output.write(envelope)
            if verbose {
                Console.note(
                    "encrypted \(parts.map(\.description).joined(separator: ", ")) with \(algorithm.rawValue), key transport \(keyTransport.rawValue) to \(certificate.subject)"
                )
            }
        }
    }
}
