import ArgumentParser
import SOAP
import WSSecurity
import XMLCore
import XMLSecurity

/// `tessera decrypt`: decrypts what is addressed to our key and prints the plaintext envelope.
struct DecryptCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decrypt",
        abstract: "Decrypt the parts of a SOAP envelope encrypted for a key and print the plaintext envelope.",
        discussion: """
            The Security header's EncryptedKeys are processed with a policy that requires \
            nothing: every EncryptedKey must be addressed to --cert, and the data it lists is \
            decrypted in place. The processed EncryptedKeys are removed. Timestamp, Signature and \
            UsernameToken are neither checked nor changed, so a signed message still verifies \
            afterwards with 'tessera verify'; to decrypt and check them at once, use \
            'tessera verify --key --cert'. Which parts were decrypted is printed to standard error.
            """
    )

    @Option(help: ArgumentHelp("The recipient's private key (PEM).", valueName: "KEY.pem"))
    var key: String

    @Option(help: ArgumentHelp("The certificate of --key (PEM): the EncryptedKeys must name it.", valueName: "CERT.pem"))
    var cert: String

    @Flag(name: .shortAndLong, help: "Say nothing on standard error when decryption succeeds.")
    var quiet = false

    @OptionGroup var output: MessageOutput
    @OptionGroup var input: MessageInput

    func run() async throws {
        try await reportingFailures {
            var configuration = InboundSecurityConfiguration()
            configuration.decryptionCredentials = [try KeyFiles.credential(key: key, certificate: cert)]
            let envelope = try input.envelope(refusing: true)
            let security: XMLElement?
            do {
                security = try envelope.securityHeader()
            } catch {
                throw CommandFailure.refused(WSSecurityError(error))
            }
            // Only the encryption elements are processed: the others are set aside meanwhile.
            let setAside = security.map { SetAsideElements($0, names: Self.unchecked) }
            let result = try await WSSecurityEngine(configuration: configuration, policy: .none).process(envelope)
            setAside?.restore()
            guard !result.decryptions.isEmpty else {
                let hasEncryptedData = envelope.envelope.descendantsAndSelf.contains { $0.is("EncryptedData", XMLSecurityNamespace.xenc) }
                throw CommandFailure.refused(
                    hasEncryptedData
                        ? "no EncryptedKey or ReferenceList in the Security header lists the message's EncryptedData"
                        : "nothing in \(input.displayName) is encrypted")
            }
            if let security { Self.removeProcessedKeys(from: security, result: result) }
            try output.write(envelope)
            if !quiet {
                for line in SecurityReport(result: result).lines where line.hasPrefix("decrypted:") {
                    Console.note(line)
                }
            }
        }
    }

    /// Header elements decryption does not need, whose checks belong to `tessera verify`.
    private static let unchecked: Set<QName> = [
        QName(WSSNamespace.utility, "Timestamp"),
        QName(XMLSecurityNamespace.ds, "Signature"),
        QName(WSSNamespace.secext, "UsernameToken"),
    ]

    /// Removes the EncryptedKeys and ReferenceLists whose every DataReference was decrypted,
    /// unless a token reference in the header still names the EncryptedKey (a key it signs with).
    private static func removeProcessedKeys(from security: XMLElement, result: SecurityHeaderResult) {
        let decrypted = Set(result.decryptions.compactMap(\.encryptedDataID).map { "#" + $0 })
        let referencedURIs = Set(
            security.descendantsAndSelf
                .filter { $0.is("Reference", WSSNamespace.secext) }
                .compactMap { $0.attribute("URI") })
        for element in security.children {
            let isKey = element.is("EncryptedKey", XMLSecurityNamespace.xenc)
            let list =
                isKey
                ? element.firstChild("ReferenceList", XMLSecurityNamespace.xenc)
                : element.is("ReferenceList", XMLSecurityNamespace.xenc) ? element : nil
            guard let list else { continue }
            let uris = list.children("DataReference", XMLSecurityNamespace.xenc).compactMap { $0.attribute("URI") }
            guard !uris.isEmpty, uris.allSatisfy(decrypted.contains) else { continue }
            if isKey, let id = element.attribute("Id"), referencedURIs.contains("#" + id) { continue }
            element.remove()
        }
    }
}

/// Header elements taken out of the tree and put back where they stood.
struct SetAsideElements {
    private let parent: XMLElement
    /// Each element with the first following sibling that stays in the tree (nil: last).
    private let entries: [(element: XMLElement, before: XMLElement?)]

    init(_ parent: XMLElement, names: Set<QName>) {
        self.parent = parent
        let children = parent.children
        var entries: [(element: XMLElement, before: XMLElement?)] = []
        for (index, child) in children.enumerated() where names.contains(child.name) {
            let anchor = children[(index + 1)...].first { !names.contains($0.name) }
            entries.append((child, anchor))
        }
        self.entries = entries
        for entry in entries { entry.element.remove() }
    }

    func restore() {
        for entry in entries {
            parent.addCopy(of: entry.element, before: entry.before)
        }
    }
}
