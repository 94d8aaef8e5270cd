import ArgumentParser
import Foundation
import SOAP
import SecureConversation
import SecurityCore

/// `tessera sc establish`: RST/SCT to a service (WS-SC 1.3 §3), the context written to an
/// owner-only file.
struct SecureConversationEstablishCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "establish",
        abstract: "Establish a security context with a service and write it to an owner-only file.",
        discussion: """
            Authenticate with one of: --key/--cert with --service-cert (X.509: the request is \
            signed with --key, its Body and entropy encrypted for --service-cert, and the answer \
            must be signed by --service-cert, which must be trusted as given or chain to \
            --service-ca); --username with --password or --password-file (the password travels \
            as text: https only); --saml FILE, an assertion issued for the service, holder-of-key \
            with --key/--cert/--service-cert (--cert must be the certificate it confirms) or \
            bearer without them (https only).

            The context's secret is computed from both sides' entropy (P_SHA1). --suite must be \
            the algorithm suite the service answers with (its secureConversation.algorithmSuite).
            """
    )

    @Option(help: ArgumentHelp("The service's address (http or https).", valueName: "URL"))
    var url: String

    @Option(help: ArgumentHelp("Where to write the context (owner-only).", valueName: "FILE"))
    var context: String

    @Flag(help: "Replace --context if it exists.")
    var force = false

    @Option(name: .customLong("version"), help: "The WS-SecureConversation version: 1.3 (OASIS) or 2005-02 (the February 2005 submission).")
    var scVersion: ContextVersionChoice = .v13

    @Flag var soap: RequestCommand.SOAPChoice = .soap12

    @Option(name: .customLong("key-size"), help: ArgumentHelp("Bits of the context's secret to ask for.", valueName: "BITS"))
    var keySize = 256

    @Option(help: ArgumentHelp("How long the context should live, in seconds (default: the service decides).", valueName: "SECONDS"))
    var lifetime: Int?

    @Option(help: "The algorithm suite of messages under the context.")
    var suite: AlgorithmSuiteChoice = .basic256

    @Option(help: ArgumentHelp("Sign the request with this key (PEM).", valueName: "KEY.pem"))
    var key: String?

    @Option(help: ArgumentHelp("The certificate of --key (PEM).", valueName: "CERT.pem"))
    var cert: String?

    @Option(
        name: .customLong("service-cert"),
        help: ArgumentHelp("The service's certificate (PEM): the request is encrypted for it, the answer must be signed with it.", valueName: "CERT.pem"))
    var serviceCert: String?

    @Option(
        name: .customLong("service-ca"),
        help: ArgumentHelp("CA certificates --service-cert must chain to (PEM); without it, --service-cert is trusted as given.", valueName: "CA.pem"))
    var serviceCA: String?

    @Option(help: "Authenticate with a UsernameToken for this user (https only).")
    var username: String?

    @Option(help: "The password of --username (visible to other local users; prefer --password-file).")
    var password: String?

    @Option(name: .customLong("password-file"), help: ArgumentHelp("Read the password of --username from the first line of FILE.", valueName: "FILE"))
    var passwordFile: String?

    @Option(help: ArgumentHelp("Authenticate with the SAML assertion in FILE.", valueName: "FILE"))
    var saml: String?

    @Option(
        name: .customLong("tls-ca"),
        help: ArgumentHelp("Trust only these certificates for the https service (PEM) instead of the system's.", valueName: "CA.pem"))
    var tlsCA: String?

    @Option(help: ArgumentHelp("Give up after this many seconds.", valueName: "SECONDS"))
    var timeout = 30

    func validate() throws {
        guard (key == nil) == (cert == nil), (key == nil) == (serviceCert == nil) else {
            throw ValidationError("--key, --cert and --service-cert go together")
        }
        if serviceCA != nil, serviceCert == nil { throw ValidationError("--service-ca needs --service-cert") }
        let bootstraps = [key != nil && saml == nil, username != nil, saml != nil].filter { $0 }.count
        guard bootstraps == 1 else {
            throw ValidationError("authenticate with --key/--cert/--service-cert, with --username, or with --saml")
        }
        if username != nil, (password == nil) == (passwordFile == nil) {
            throw ValidationError("--username needs --password or --password-file")
        }
        if username != nil || (saml != nil && key == nil), URL(string: url)?.scheme?.lowercased() != "https" {
            throw ValidationError("--username and a bearer --saml assertion travel in the clear: --url must be https")
        }
        guard (128...4096).contains(keySize), keySize % 8 == 0 else { throw ValidationError("--key-size must be a multiple of 8 from 128 to 4096") }
        if let lifetime, lifetime <= 0 { throw ValidationError("--lifetime must be more than 0 seconds") }
        guard timeout > 0 else { throw ValidationError("--timeout must be more than 0 seconds") }
    }

    func run() async throws {
        try await reportingFailures {
            // Checked before the service is asked, so no context is left behind unrecorded; the
            // write below refuses again if the file appears meanwhile.
            if !force, FileManager.default.fileExists(atPath: context) {
                throw CommandFailure.cannotRun("'\(context)' already exists (--force replaces it)")
            }
            var configuration = SecureConversationClientConfiguration(endpoint: url, bootstrap: try bootstrap())
            configuration.version = scVersion.version
            configuration.soapVersion = soap == .soap11 ? .v11 : .v12
            configuration.keySize = keySize
            configuration.requestedLifetime = lifetime.map(TimeInterval.init)
            configuration.protection = suite.protection
            let transport = try ServiceTransport.make(url: url, timeout: timeout, tlsCA: tlsCA)
            let result: Result<SavedSecurityContext, any Error>
            do {
                let client = SecureConversationClient(configuration: configuration, transport: transport)
                try await client.establish()
                guard let saved = client.savedContext else { throw CommandFailure.cannotRun("no context was established") }
                result = .success(saved)
            } catch {
                result = .failure(error)
            }
            try? await transport.shutdown()
            let saved = try ServiceTransport.commandResult(result)
            try SecurityContextFile(saved: saved, service: url, soapVersion: configuration.soapVersion, suite: suite)
                .write(to: context, replacing: force)
            print(ContextSummary(saved).lines(file: context).joined(separator: "\n"))
        }
    }

    private func bootstrap() throws -> ClientBootstrap {
        if let username {
            return .usernameOverTLS(username: username, password: try passwordText())
        }
        if let saml, key == nil {
            return .samlBearerOverTLS(assertion: try FileIO.read(saml))
        }
        guard let key, let cert, let serviceCert else { throw ValidationError("--key, --cert and --service-cert go together") }
        let credential = try KeyFiles.credential(key: key, certificate: cert)
        let service = try KeyFiles.certificates(at: serviceCert)[0]
        let anchors = try serviceCA.map { try KeyFiles.certificates(at: $0) } ?? []
        let trust = X509TrustStore(anchors: anchors, pinned: serviceCA == nil ? [service] : [])
        if let saml {
            return .samlHolderOfKey(assertion: try FileIO.read(saml), credential: credential, serviceCertificate: service, trustStore: trust)
        }
        return .x509(credential: credential, serviceCertificate: service, trustStore: trust)
    }

    private func passwordText() throws -> String {
        if let password { return password }
        let text = String(decoding: try FileIO.read(passwordFile ?? ""), as: UTF8.self)
        return String(text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
    }
}

/// What the `tessera sc` commands print about a context (never its secret).
struct ContextSummary {
    let saved: SavedSecurityContext

    init(_ saved: SavedSecurityContext) {
        self.saved = saved
    }

    func lines(file: String) -> [String] {
        [
            "context: \(saved.token.identifier)",
            "instance: \(saved.token.instance ?? "-")",
            "version: \(ContextVersionChoice(saved.token.version).rawValue)",
            "expires: \(XSDDateTime.format(saved.expires, milliseconds: false))",
            "file: \(file)",
        ]
    }
}
