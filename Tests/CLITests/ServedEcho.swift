import Foundation
import Testing
import TesseraTestSupport

/// `tessera serve` with its sample echo service, run for one test in a scratch directory, and the
/// `tessera` steps the secure-conversation command tests share.
struct ServedEcho {
    let scratch: Scratch
    let server: TesseraServeProcess

    /// The test PKI's client and the service's certificate (the STS key signs the echo
    /// service's answers): the X.509 bootstrap of `tessera sc establish`.
    static var x509: [String] {
        ["--key", Fixtures.key("gateway"), "--cert", Fixtures.cert("gateway"), "--service-cert", Fixtures.cert("sts")]
    }

    /// Starts `tessera serve` with `configuration` in `scratch` (a new one when nil); ``stop()``
    /// ends it.
    static func start(
        _ configuration: String = TesseraServeProcess.configuration(), in scratch: Scratch? = nil, logLevel: String = "warning"
    ) async throws -> ServedEcho {
        let scratch = try scratch ?? Scratch()
        let server = try await TesseraServeProcess.start(configuration: configuration, in: scratch.directory, logLevel: logLevel)
        return ServedEcho(scratch: scratch, server: server)
    }

    /// Stops the server (SIGTERM).
    func stop() {
        server.process.terminate()
    }

    /// The address of `path` where the server listens (the banner's, unless `publicBaseURL`
    /// publishes another).
    func url(_ path: String) -> String {
        let scheme = server.echoURL.hasPrefix("https://") ? "https" : "http"
        return "\(scheme)://127.0.0.1:\(server.port)\(path)"
    }

    var echoURL: String { url("/echo") }
    var stsURL: String { url("/sts") }
    /// The context file the tests establish.
    var contextFile: String { scratch.path("context.json") }

    /// `tessera sc establish` of the echo service into ``contextFile``, with the X.509 bootstrap
    /// unless `arguments` give another; required to succeed.
    @discardableResult
    func establish(_ arguments: [String] = x509, sourceLocation: SourceLocation = #_sourceLocation) async throws -> TesseraProcess.Result {
        let established = try await TesseraProcess.run(["sc", "establish", "--url", echoURL, "--context", contextFile] + arguments)
        try #require(established.status == 0, "\(established.stdout)\(established.stderr)", sourceLocation: sourceLocation)
        return established
    }

    /// `tessera request` to the STS for a holder-of-key assertion (KeyType PublicKey) for
    /// `appliesTo` confirming the gateway's certificate, written to `name` in the scratch
    /// directory; required to succeed.
    func requestHolderOfKeyAssertion(
        appliesTo: String, to name: String = "assertion.xml", sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> String {
        let assertion = scratch.path(name)
        let issued = try await TesseraProcess.run(
            [
                "request", "--url", stsURL, "--key", Fixtures.key("gateway"), "--cert", Fixtures.cert("gateway"), "--applies-to", appliesTo,
                "--key-type", "public", "--out", assertion,
            ])
        try #require(issued.status == 0, "\(issued.stdout)\(issued.stderr)", sourceLocation: sourceLocation)
        return assertion
    }

    /// The configuration's part that lets the gateway obtain holder-of-key SAML 2.0 assertions
    /// for `appliesTo` from the STS.
    static func holderOfKeyRelyingParty(appliesTo: String) -> String {
        """
        requestors:
          - name: gateway
            certificate: \(Fixtures.cert("gateway"))
        relyingParties:
          - name: echo
            appliesTo:
              - exact: \(appliesTo)
            tokenType: saml2.0
            keyType: public
        """
    }
}
