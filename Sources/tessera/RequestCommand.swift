import ArgumentParser
import Foundation
import SOAP
import TesseraClient
import WSSecurity
import WSTrust
import XMLCore

/// `tessera request`: sends one WS-Trust request with ``STSClient`` and prints what came back.
struct RequestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "request",
        abstract: "Send a WS-Trust Issue, Validate, Renew or Cancel request to an STS and print the answer.",
        discussion: """
            The request is signed with --key/--cert (Timestamp, Body and WS-Addressing headers, \
            RSA-SHA256 or ECDSA, exclusive C14N, a BinarySecurityToken naming the certificate) or \
            carries a UsernameToken (--username with --password or --password-file; --digest \
            sends a PasswordDigest, otherwise the password travels as text, which belongs on https \
            only: a warning is printed for http). \
            With --sts-cert the answer must be signed with that certificate over its Body and \
            Timestamp. The answer must relate to the request's MessageID.

            A summary goes to standard output: token type, token id, lifetime, AppliesTo, proof \
            key (never its bytes), the Validate status or the cancellation. --out writes the \
            issued token's XML; --proof-key-out writes the proof key's bytes (owner-only file). \
            --dry-run prints the secured request instead of sending it.

            Exit status: 0 success; 1 the STS answered with a fault (its code and reason are \
            printed, for example 'wst:InvalidScope: ...'), its answer was refused (not signed by \
            --sts-cert, not a reply to this request), or Validate said the token is invalid; 2 \
            the request could not be made (unreadable file, unusable key, no connection, HTTP \
            error, timeout); 64 invalid arguments.
            """
    )

    enum SOAPChoice: String, EnumerableFlag {
        case soap11, soap12

        static func help(for value: Self) -> ArgumentHelp? {
            value == .soap11 ? "Send SOAP 1.1 (text/xml with a SOAPAction header)." : "Send SOAP 1.2 (application/soap+xml with an action parameter; default)."
        }
    }

    enum KeyTypeChoice: String, CaseIterable, ExpressibleByArgument {
        case bearer, symmetric, `public`
    }

    @Option(help: ArgumentHelp("The STS endpoint (http or https).", valueName: "URL"))
    var url: String

    @Flag(help: "Ask for a new token (the default).")
    var issue = false

    @Option(
        name: .customLong("validate"),
        help: ArgumentHelp("Validate the token in FILE (XML). With --token-type, ask for a new token of that type.", valueName: "FILE"))
    var validateTarget: String?

    @Option(name: .customLong("renew"), help: ArgumentHelp("Renew the token in FILE (XML).", valueName: "FILE"))
    var renewTarget: String?

    @Option(name: .customLong("cancel"), help: ArgumentHelp("Cancel the token in FILE (XML).", valueName: "FILE"))
    var cancelTarget: String?

    @Option(name: .customLong("applies-to"), help: ArgumentHelp("The relying party's address (AppliesTo).", valueName: "ADDRESS"))
    var appliesTo: String?

    @Option(name: .customLong("token-type"), help: ArgumentHelp("saml2, saml11, jwt or a token type URI.", valueName: "TYPE"))
    var tokenType: TokenTypeArgument?

    @Option(name: .customLong("key-type"), help: "The proof key: bearer, symmetric (with client entropy, P_SHA1) or public (--cert's key, in UseKey).")
    var keyType: KeyTypeChoice?

    @Option(name: .customLong("key-size"), help: ArgumentHelp("Bits of a symmetric proof key.", valueName: "BITS"))
    var keySize = 256

    @Option(name: .customLong("on-behalf-of-user"), help: ArgumentHelp("Ask on behalf of this user (a UsernameToken identity assertion).", valueName: "NAME"))
    var onBehalfOfUser: String?

    @Option(name: .customLong("on-behalf-of-saml"), help: ArgumentHelp("Ask on behalf of the subject of the SAML assertion in FILE.", valueName: "FILE"))
    var onBehalfOfSAML: String?

    @Option(name: .customLong("on-behalf-of-cert"), help: ArgumentHelp("Ask on behalf of the holder of this certificate (PEM).", valueName: "CERT.pem"))
    var onBehalfOfCert: String?

    @Option(name: .customLong("act-as-user"), help: ArgumentHelp("Act as this user (a UsernameToken identity assertion).", valueName: "NAME"))
    var actAsUser: String?

    @Option(name: .customLong("act-as-saml"), help: ArgumentHelp("Act as the subject of the SAML assertion in FILE.", valueName: "FILE"))
    var actAsSAML: String?

    @Option(name: .customLong("act-as-cert"), help: ArgumentHelp("Act as the holder of this certificate (PEM).", valueName: "CERT.pem"))
    var actAsCert: String?

    @Option(name: .customLong("claim"), help: ArgumentHelp("A claim type URI to ask for (identity dialect). Repeatable.", valueName: "URI"))
    var claims: [String] = []

    @Option(help: ArgumentHelp("Requested token lifetime from now, in seconds.", valueName: "SECONDS"))
    var lifetime: Int?

    @Flag(help: "Ask for a renewable token.")
    var renewable = false

    @Flag(name: .customLong("renew-after-expiry"), help: "Ask that the token may be renewed after it expired (implies --renewable).")
    var renewAfterExpiry = false

    @Option(help: ArgumentHelp("Sign the request with this key (PEM).", valueName: "KEY.pem"))
    var key: String?

    @Option(help: ArgumentHelp("The certificate of --key (PEM).", valueName: "CERT.pem"))
    var cert: String?

    @Option(help: "Authenticate with a UsernameToken for this user.")
    var username: String?

    @Option(help: "The password of --username (visible to other local users; prefer --password-file).")
    var password: String?

    @Option(name: .customLong("password-file"), help: ArgumentHelp("Read the password of --username from the first line of FILE.", valueName: "FILE"))
    var passwordFile: String?

    @Flag(help: "Send a PasswordDigest (with Nonce and Created) instead of the password as text.")
    var digest = false

    @Flag var soap: SOAPChoice = .soap12

    @Option(help: ArgumentHelp("The WS-Trust namespace: 13 (WS-Trust 1.3) or 2005 (February 2005).", valueName: "13|2005"))
    var trust: TrustVersionArgument = .init(version: .v13)

    @Option(name: .customLong("sts-cert"), help: ArgumentHelp("Accept only answers signed with this certificate (PEM).", valueName: "STS.pem"))
    var stsCert: String?

    @Option(
        name: .customLong("tls-ca"),
        help: ArgumentHelp("Trust only these certificates for the https server (PEM) instead of the system's.", valueName: "CA.pem"))
    var tlsCA: String?

    @Option(help: ArgumentHelp("Give up after this many seconds.", valueName: "SECONDS"))
    var timeout = 30

    @Option(help: ArgumentHelp("Write the issued token's XML to FILE.", valueName: "FILE"))
    var out: String?

    @Option(name: .customLong("proof-key-out"), help: ArgumentHelp("Write the proof key's bytes to FILE (readable by the owner only).", valueName: "FILE"))
    var proofKeyOut: String?

    @Flag(name: .customLong("dry-run"), help: "Print the secured request instead of sending it.")
    var dryRun = false

    func validate() throws {
        let operations = [issue, validateTarget != nil, renewTarget != nil, cancelTarget != nil].filter { $0 }.count
        guard operations <= 1 else { throw ValidationError("give one of --issue, --validate, --renew and --cancel") }
        guard [onBehalfOfUser != nil, onBehalfOfSAML != nil, onBehalfOfCert != nil].filter({ $0 }).count <= 1 else {
            throw ValidationError("give one --on-behalf-of-… option")
        }
        guard [actAsUser != nil, actAsSAML != nil, actAsCert != nil].filter({ $0 }).count <= 1 else {
            throw ValidationError("give one --act-as-… option")
        }
        guard (key == nil) == (cert == nil) else { throw ValidationError("--key and --cert go together") }
        guard (key != nil) != (username != nil) else {
            throw ValidationError("authenticate with --key and --cert, or with --username")
        }
        if username != nil, (password == nil) == (passwordFile == nil) {
            throw ValidationError("--username needs --password or --password-file")
        }
        if keyType == .public, cert == nil { throw ValidationError("--key-type public uses --cert's key: give --key and --cert") }
        if let lifetime, lifetime <= 0 { throw ValidationError("--lifetime must be more than 0 seconds") }
        guard timeout > 0 else { throw ValidationError("--timeout must be more than 0 seconds") }
    }

    func run() async throws {
        try await reportingFailures {
            let configuration = try clientConfiguration()
            let request = try tokenRequest()
            let transport = try makeTransport()
            let result: Result<STSResponse?, any Error>
            do {
                let client = STSClient(transport: transport, configuration: configuration)
                let prepared = try client.prepare(request)
                if dryRun {
                    try FileIO.write(prepared.envelope, to: nil)
                    result = .success(nil)
                } else {
                    if case .usernameToken(_, _, false) = configuration.security, transport.url.scheme?.lowercased() != "https" {
                        Console.note("warning: the password is sent as text over plain HTTP")
                    }
                    result = .success(try await client.send(prepared))
                }
            } catch {
                result = .failure(error)
            }
            try? await transport.shutdown()
            guard let response = try Self.commandResult(result) else { return }

            let summary = TokenSummary(response: response)
            print(summary.lines.joined(separator: "\n"))
            if let out {
                guard let bytes = response.issuedTokenBytes else { throw CommandFailure.refused("the answer carries no token to write to '\(out)'") }
                try FileIO.write(bytes + [UInt8(ascii: "\n")], to: out)
            }
            if let proofKeyOut {
                guard let proofKey = response.proofKey else { throw CommandFailure.refused("the answer carries no proof key to write to '\(proofKeyOut)'") }
                try FileIO.write(proofKey.bytes, to: proofKeyOut, privateFile: true)
            }
            if summary.validatedInvalid { throw ExitCode(CommandFailure.refusedStatus) }
        }
    }

    /// The HTTP transport for --url, --timeout and --tls-ca.
    private func makeTransport() throws -> HTTPSOAPTransport {
        var configuration = HTTPSOAPTransport.Configuration()
        configuration.requestTimeout = .seconds(timeout)
        configuration.connectTimeout = .seconds(min(timeout, 10))
        if let tlsCA { configuration.trustRoots = .certificates(try KeyFiles.certificates(at: tlsCA)) }
        do {
            return try HTTPSOAPTransport(url: url, configuration: configuration)
        } catch let error as HTTPTransportError {
            throw CommandFailure.cannotRun(error.reason)
        }
    }

    /// The client's and the transport's errors as the command's statuses: a fault or a refused
    /// answer is 1, a request that could not be made is 2.
    private static func commandResult(_ result: Result<STSResponse?, any Error>) throws -> STSResponse? {
        switch result {
        case .success(let response):
            return response
        case .failure(let error as STSClientError) where error.code == .invalidRequest:
            throw CommandFailure.cannotRun(error.reason)
        case .failure(let error as STSClientError):
            throw CommandFailure.refused(error.description)
        case .failure(let error as HTTPTransportError):
            throw CommandFailure.cannotRun(error.reason)
        case .failure(let error):
            throw error
        }
    }

    private func clientConfiguration() throws -> STSClientConfiguration {
        let security: MessageSecurity
        if let key, let cert {
            security = .x509Signature(try KeyFiles.credential(key: key, certificate: cert))
        } else {
            security = .usernameToken(username: username ?? "", password: try passwordText(), digest: digest)
        }
        var configuration = STSClientConfiguration(endpoint: url, security: security)
        configuration.soapVersion = soap == .soap11 ? .v11 : .v12
        configuration.trustVersion = trust.version
        if let stsCert { configuration.stsCertificate = try KeyFiles.certificates(at: stsCert)[0] }
        return configuration
    }

    private func passwordText() throws -> String {
        if let password { return password }
        let text = String(decoding: try FileIO.read(passwordFile ?? ""), as: UTF8.self)
        return String(text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
    }

    private func tokenRequest() throws -> TokenRequest {
        var request: TokenRequest
        if let validateTarget {
            request = TokenRequest(.validate(try Self.xmlRoot(validateTarget)))
        } else if let renewTarget {
            request = TokenRequest(.renew(try Self.xmlRoot(renewTarget)))
        } else if let cancelTarget {
            request = TokenRequest(.cancel(try Self.xmlRoot(cancelTarget)))
        } else {
            request = TokenRequest(.issue)
        }
        request.appliesTo = appliesTo
        request.tokenType = tokenType?.type
        request.onBehalfOf = try Self.delegated(user: onBehalfOfUser, saml: onBehalfOfSAML, cert: onBehalfOfCert)
        request.actAs = try Self.delegated(user: actAsUser, saml: actAsSAML, cert: actAsCert)
        if !claims.isEmpty { request.claims = RequestedClaims(claims.map { RequestedClaims.ClaimType($0) }) }
        if let lifetime {
            let now = Date()
            request.lifetime = Lifetime(created: now, expires: now.addingTimeInterval(TimeInterval(lifetime)))
        }
        if renewable || renewAfterExpiry { request.renewing = Renewing(allow: true, renewAfterExpiry: renewAfterExpiry) }
        switch keyType {
        case .bearer?: request.keyType = .bearer
        case .symmetric?: request.keyType = .symmetricKey(keySize: keySize, clientEntropy: true)
        case .public?:
            guard let cert else { throw ValidationError("--key-type public needs --cert") }
            request.keyType = .publicKey(try KeyFiles.certificates(at: cert)[0])
        case nil: break
        }
        return request
    }

    private static func delegated(user: String?, saml: String?, cert: String?) throws -> DelegatedToken? {
        if let user { return .identity(username: user) }
        if let saml { return .samlAssertion(try xmlRoot(saml)) }
        if let cert { return .certificate(try KeyFiles.certificates(at: cert)[0]) }
        return nil
    }

    /// The document element of the XML file at `path`, parsed by the hardened parser.
    private static func xmlRoot(_ path: String) throws -> XMLElement {
        let bytes = try FileIO.read(path)
        do {
            return try XMLDocument(parsing: bytes).root
        } catch {
            throw CommandFailure.cannotRun("'\(path)' is not a usable XML token: \(error)")
        }
    }
}

/// `--trust 13|2005`.
struct TrustVersionArgument: ExpressibleByArgument {
    var version: WSTrustVersion

    init(version: WSTrustVersion) {
        self.version = version
    }

    init?(argument: String) {
        switch argument {
        case "13", "1.3": version = .v13
        case "2005", "200502": version = .v200502
        default: return nil
        }
    }

    var defaultValueDescription: String { version == .v13 ? "13" : "2005" }
}

/// `--token-type`: a short name or a URI.
struct TokenTypeArgument: ExpressibleByArgument {
    var type: TokenType

    init?(argument: String) {
        switch argument.lowercased() {
        case "saml2", "saml20": type = .saml20
        case "saml11", "saml1": type = .saml11
        case "jwt": type = .jwt
        default:
            guard argument.contains(":") else { return nil }
            type = TokenType(rawValue: argument)
        }
    }
}
