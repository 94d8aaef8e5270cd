import ArgumentParser
import Foundation
import SecurityCore
import SOAP
import WSSecurity
import XMLSecurity

/// `tessera verify`: processes the Security header with ``WSSecurityEngine`` and reports who
/// signed what.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify the WS-Security header of a SOAP envelope and report who signed what.",
        discussion: """
            The header is processed element by element (Timestamp, tokens, EncryptedKey, \
            Signature); signing certificates must chain to a --trust anchor or be --pin'ned. \
            Then the policy is checked: the parts of --require-signed must be covered by a \
            verified signature, those of --require-encrypted must have been received encrypted, \
            and the sender must be authenticated by an X.509 signature (unless --require-signed \
            none). A Timestamp is required when timestamp is in --require-signed.

            On success the signer, the signed elements (by name and wsu:Id) and the decrypted \
            parts are printed to standard output, and the exit status is 0. On failure the \
            WS-Security fault code and reason (for example 'wsse:FailedCheck: ...') are printed \
            to standard error and the exit status is 1.
            """
    )

    @Option(
        name: .customLong("trust"),
        help: ArgumentHelp("A trust anchor (PEM, may hold several certificates). Repeatable.", valueName: "CA.pem"))
    var trust: [String] = []

    @Option(
        name: .customLong("pin"),
        help: ArgumentHelp("A certificate trusted as it is, without a chain (PEM). Repeatable.", valueName: "CERT.pem"))
    var pin: [String] = []

    @Option(
        name: .customLong("known"),
        help: ArgumentHelp(
            """
            An intermediate certificate, or a signer certificate the message names by ski, \
            thumbprint or issuer-serial (PEM). Not trusted by being listed. Repeatable.
            """, valueName: "CERT.pem"))
    var known: [String] = []

    @Option(
        name: .customLong("require-signed"),
        help: ArgumentHelp(
            """
            Parts that must be signed: body, timestamp, addressing, {namespace}localName, \
            comma-separated, or none.
            """, valueName: "parts"))
    var requireSigned = PartList([.body, .timestamp])

    @Option(
        name: .customLong("require-encrypted"),
        help: ArgumentHelp("Parts that must have been received encrypted (same syntax), or none.", valueName: "parts"))
    var requireEncrypted = PartList([])

    @Flag(
        name: .customLong("several-signers"),
        help: "Accept a Body signed under several keys (a countersigned message); each signer is reported.")
    var severalSigners = false

    @Flag(
        name: .customLong("allow-sha1"),
        help: "Accept rsa-sha1 / ecdsa-sha1 signatures and sha1 digests (refused by default: SHA-1 is broken).")
    var allowSHA1 = false

    @Option(help: ArgumentHelp("Check timestamps and certificates at this instant instead of now (ISO 8601, e.g. 2025-06-01T12:01:00Z).", valueName: "ISO8601"))
    var now: Instant?

    @Option(
        name: .customLong("max-age"),
        help: ArgumentHelp("Oldest accepted Timestamp Created, in seconds, or none to check Expires only.", valueName: "seconds"))
    var maxAge = Seconds(300)

    @Option(name: .customLong("clock-skew"), help: ArgumentHelp("Tolerated difference between clocks, in seconds.", valueName: "seconds"))
    var clockSkew = 300

    @Option(help: ArgumentHelp("A private key to decrypt parts encrypted for --cert (PEM).", valueName: "KEY.pem"))
    var key: String?

    @Option(help: ArgumentHelp("The certificate of --key (PEM).", valueName: "CERT.pem"))
    var cert: String?

    @Option(
        name: [.customShort("o"), .customLong("output")],
        help: ArgumentHelp("Also write the processed envelope (decrypted parts in plaintext) to OUT.", valueName: "OUT"))
    var output: String?

    @OptionGroup var input: MessageInput

    func validate() throws {
        guard (key == nil) == (cert == nil) else {
            throw ValidationError("--key and --cert go together")
        }
        guard clockSkew >= 0 else { throw ValidationError("--clock-skew cannot be negative") }
        if !requireSigned.parts.isEmpty, trust.isEmpty, pin.isEmpty {
            throw ValidationError("give a --trust anchor or a --pin'ned certificate to verify signatures (or --require-signed none)")
        }
    }

    func run() async throws {
        try await reportingFailures {
            var configuration = InboundSecurityConfiguration()
            let anchors = try KeyFiles.certificates(at: trust)
            let pinned = try KeyFiles.certificates(at: pin)
            if !anchors.isEmpty || !pinned.isEmpty {
                configuration.trustStore = X509TrustStore(anchors: anchors, pinned: pinned, known: try KeyFiles.certificates(at: known))
            }
            if let key, let cert {
                configuration.decryptionCredentials = [try KeyFiles.credential(key: key, certificate: cert)]
            }
            if let now { configuration.clock = .fixed(now.date) }
            configuration.timestampMaxAge = maxAge.value
            configuration.clockSkew = TimeInterval(clockSkew)
            configuration.signaturePolicy._WEAK_allowSHA1PublicKeySignatures = allowSHA1

            var policy = SecurityPolicy()
            policy.signedParts = Set(requireSigned.parts.map(\.policyPart))
            policy.encryptedParts = Set(requireEncrypted.parts.map(\.policyPart))
            policy.requireTimestamp = requireSigned.parts.contains(.timestamp)
            policy.authentication = requireSigned.parts.isEmpty ? .none : .x509Signature
            policy.allowsSeveralSigners = severalSigners

            let envelope = try input.envelope(refusing: true)
            // A WSSecurityError is reported by reportingFailures as `wsse:Code: reason`, status 1.
            let result = try await WSSecurityEngine(configuration: configuration, policy: policy).process(envelope)
            print(SecurityReport(result: result).lines.joined(separator: "\n"))
            if let output { try FileIO.write(envelope, to: output) }
        }
    }
}
