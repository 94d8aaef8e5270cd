import ArgumentParser
import SOAP
import TesseraCrypto
import WSSecurity
import XMLCore
import XMLSecurity

/// `tessera sign`: adds Timestamp, BinarySecurityToken and Signature to an envelope.
struct SignCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Add a WS-Security header (Timestamp, BinarySecurityToken, Signature) to a SOAP envelope.",
        discussion: """
            The signature uses exclusive C14N and covers the parts named by --sign-part. A new \
            Timestamp replaces any Timestamp the input's Security header already holds; with \
            --timestamp-ttl none no Timestamp is added and an existing one is signed as it is \
            (needed to countersign a signed message, whose Timestamp its signature may cover). \
            The signed envelope is written to standard output or to -o OUT.
            """
    )

    @Option(help: ArgumentHelp("The signing key (PEM: PKCS#8, PKCS#1 RSA or SEC1 EC, unencrypted).", valueName: "KEY.pem"))
    var key: String

    @Option(help: ArgumentHelp("The certificate of --key (PEM). Further certificates in the file are its chain.", valueName: "CERT.pem"))
    var cert: String

    @Option(
        name: .customLong("key-reference"),
        help:
            "How the signature names the certificate: bst (a BinarySecurityToken carrying it), ski (SubjectKeyIdentifier), thumbprint (SHA-1 of the certificate), issuer-serial."
    )
    var keyReference: KeyReferenceChoice = .bst

    @Option(
        help: ArgumentHelp(
            "The signature algorithm (default: rsa-sha256 for an RSA key, ecdsa-sha256 for an EC key). rsa-sha1 needs --allow-sha1.", valueName: "algorithm"))
    var algorithm: SignatureAlgorithmChoice?

    @Option(help: "The digest of each reference. sha1 needs --allow-sha1.")
    var digest: DigestChoice = .sha256

    @Flag(
        name: .customLong("allow-sha1"),
        help: "Permit rsa-sha1 and sha1 digests. SHA-1 is broken: only for legacy peers that accept nothing else.")
    var allowSHA1 = false

    @Option(
        name: .customLong("sign-part"),
        help: ArgumentHelp(
            """
            A part to sign: body, timestamp, addressing (every WS-Addressing header) or a header \
            block as {namespace}localName. Repeat the option or separate parts with commas. \
            (default: body,timestamp)
            """, valueName: "part"))
    var signParts: [PartList] = []

    @Option(
        name: .customLong("timestamp-ttl"),
        help: ArgumentHelp("Lifetime of the new Timestamp in seconds, or none to add no Timestamp.", valueName: "seconds"))
    var timestampTTL = Seconds(300)

    @Flag(name: .shortAndLong, help: "Describe what was signed on standard error.")
    var verbose = false

    @OptionGroup var output: MessageOutput
    @OptionGroup var input: MessageInput

    func validate() throws {
        if algorithm == .rsaSHA1, !allowSHA1 {
            throw ValidationError("rsa-sha1 signs with SHA-1, which is broken; add --allow-sha1 if the peer accepts nothing else")
        }
        if digest == .sha1, !allowSHA1 {
            throw ValidationError("sha1 digests are broken; add --allow-sha1 if the peer accepts nothing else")
        }
        if let ttl = timestampTTL.value, ttl <= 0 {
            throw ValidationError("--timestamp-ttl must be more than 0 seconds, or none")
        }
    }

    func run() async throws {
        try await reportingFailures {
            let credential = try KeyFiles.credential(key: key, certificate: cert)
            let algorithm = try signatureAlgorithm(for: credential.privateKey.keyType)
            let envelope = try input.envelope()
            let parts = signParts.isEmpty ? [.body, .timestamp] : uniqueParts(signParts.flatMap(\.parts))
            try prepareTimestamp(in: envelope, parts: parts)
            for part in parts where part != .timestamp && part.elements(in: envelope, security: nil).isEmpty {
                throw CommandFailure.cannotRun("the envelope has no \(part) header to sign")
            }

            var options = SecurityHeaderBuilder.SignatureOptions(credential: credential)
            options.keyReference = keyReference.form
            options.algorithm = algorithm
            options.digestMethod = digest.method
            options.parts = parts.map(\.outboundPart)
            options._WEAK_allowSHA1PublicKeySignature = allowSHA1
            var builder = SecurityHeaderBuilder()
            builder.timestampLifetime = timestampTTL.value
            builder.signature = options
            do {
                try builder.secure(envelope)
            } catch let error as WSSecurityError {
                throw CommandFailure.cannotRun("cannot sign: \(error.reason)")
            }
            try output.write(envelope)
            if verbose {
                let signed = parts.map(\.description).joined(separator: ", ")
                Console.note(
                    "signed \(signed) with \(algorithm.shortName) (\(credential.privateKey.keyType.displayName)), key reference \(keyReference.rawValue)")
            }
        }
    }

    /// The chosen algorithm, or the default for the key; refused when it does not fit the key.
    private func signatureAlgorithm(for keyType: AsymmetricKeyType) throws -> SignatureAlgorithm {
        let chosen: SignatureAlgorithmChoice
        switch (algorithm, keyType) {
        case (nil, .rsa): chosen = .rsaSHA256
        case (nil, .ec): chosen = .ecdsaSHA256
        case (let explicit?, _): chosen = explicit
        }
        let fits =
            switch (chosen.algorithm.family, keyType) {
            case (.ecdsa, .ec), (.rsaPKCS1v15, .rsa), (.rsaPSS, .rsa): true
            default: false
            }
        guard fits else {
            throw CommandFailure.cannotRun("\(chosen.rawValue) does not fit the \(keyType.displayName) key '\(key)'")
        }
        return chosen.algorithm
    }

    /// Removes the Timestamps a new one replaces, or checks one exists when it is to be signed as is.
    private func prepareTimestamp(in envelope: SOAPEnvelope, parts: [MessagePart]) throws {
        let security: XMLElement?
        do {
            security = try envelope.securityHeader()
        } catch {
            throw CommandFailure.cannotRun("\(input.displayName) is not a usable SOAP envelope: \(error.reason)")
        }
        let existing = MessagePart.timestamp.elements(in: envelope, security: security)
        if timestampTTL.value != nil {
            if !existing.isEmpty, security?.firstChild("Signature", XMLSecurityNamespace.ds) != nil {
                throw CommandFailure.cannotRun("the input is already signed and its Timestamp may be covered: add --timestamp-ttl none to keep it")
            }
            for timestamp in existing {
                if verbose { Console.note("replacing the existing Timestamp \(timestamp.attribute("Id", WSSNamespace.utility) ?? "")") }
                timestamp.remove()
            }
        } else if parts.contains(.timestamp), existing.isEmpty {
            throw CommandFailure.cannotRun("with --timestamp-ttl none, signing the timestamp needs a Timestamp in the input")
        }
    }

    private func uniqueParts(_ parts: [MessagePart]) -> [MessagePart] {
        var seen = Set<MessagePart>()
        return parts.filter { seen.insert($0).inserted }
    }
}
