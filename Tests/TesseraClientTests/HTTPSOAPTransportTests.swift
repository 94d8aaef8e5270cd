import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTLS
import NIOCore
import SOAP
import SwiftASN1
import Testing
import TesseraClient
import WSTrust
import X509

/// The HTTP binding on a loopback server: the headers each SOAP version needs, faults returned
/// as answers, HTTP errors, size and time limits, and TLS with a trust root of the caller's.
struct HTTPSOAPTransportTests {
    /// What a route saw of the request it answered.
    struct Seen: Sendable {
        var contentType: String?
        var soapAction: String?
        var body: [UInt8]
    }

    static let okEnvelope: [UInt8] = SOAPEnvelope(version: .v12).serialize()
    static let soapActionName = HTTPField.Name("SOAPAction")!

    /// A router answering `POST /soap` with `status`, `contentType` and `body`, recording the request.
    static func router(
        status: HTTPResponse.Status = .ok, contentType: String? = "application/soap+xml; charset=utf-8",
        body: [UInt8] = okEnvelope, delay: Duration? = nil, seen: LockedBox<Seen>? = nil
    ) -> Router<BasicRequestContext> {
        let router = Router()
        router.post("/soap") { request, _ -> Response in
            let received = try await request.body.collect(upTo: 1 << 20)
            seen?.value = Seen(
                contentType: request.headers[.contentType], soapAction: request.headers[Self.soapActionName],
                body: Array(received.readableBytesView))
            if let delay { try await Task.sleep(for: delay) }
            var headers = HTTPFields()
            if let contentType { headers[.contentType] = contentType }
            return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
        }
        return router
    }

    /// Runs `body` with a transport posting to the loopback router, shut down afterwards.
    static func withTransport<T>(
        _ router: Router<BasicRequestContext>, configuration: HTTPSOAPTransport.Configuration = .init(),
        _ body: (HTTPSOAPTransport) async throws -> T
    ) async throws -> T {
        try await LoopbackServer.run(router) { port in
            try await HTTPSOAPTransport.using("http://127.0.0.1:\(port)/soap", configuration: configuration, body)
        }
    }

    @Test func soap11SendsTextXMLAndAQuotedSOAPAction() async throws {
        let seen = LockedBox<Seen>()
        let request = SOAPEnvelope(version: .v11).serialize()
        let answer = try await Self.withTransport(Self.router(seen: seen)) { transport in
            try await transport.exchange(request, version: .v11, action: "http://docs.oasis-open.org/ws-sx/ws-trust/200512/RST/Issue")
        }
        #expect(answer == Self.okEnvelope)
        let received = try #require(seen.value)
        #expect(received.contentType == "text/xml; charset=utf-8")
        #expect(received.soapAction == "\"http://docs.oasis-open.org/ws-sx/ws-trust/200512/RST/Issue\"")
        #expect(received.body == request)
    }

    @Test func soap12CarriesTheActionInTheContentType() async throws {
        let seen = LockedBox<Seen>()
        _ = try await Self.withTransport(Self.router(seen: seen)) { transport in
            try await transport.exchange(Self.okEnvelope, version: .v12, action: "http://docs.oasis-open.org/ws-sx/ws-trust/200512/RST/Issue")
        }
        let received = try #require(seen.value)
        #expect(received.contentType == "application/soap+xml; charset=utf-8; action=\"http://docs.oasis-open.org/ws-sx/ws-trust/200512/RST/Issue\"")
        #expect(received.soapAction == nil)
    }

    @Test(arguments: [HTTPResponse.Status.internalServerError, .badRequest])
    func aSOAPFaultIsReturnedAsTheAnswer(_ status: HTTPResponse.Status) async throws {
        let fault = SOAPFault(WSTrustFaultCode.v13.invalidScope).envelope(.v12).serialize()
        let answer = try await Self.withTransport(Self.router(status: status, body: fault)) { transport in
            try await transport.exchange(Self.okEnvelope, version: .v12, action: nil)
        }
        #expect(answer == fault)
    }

    static let nonSOAPErrors: [(HTTPResponse.Status, String?)] = [
        (.notFound, "text/html"), (.internalServerError, "text/plain"), (.found, nil), (.serviceUnavailable, nil),
    ]

    @Test(arguments: nonSOAPErrors)
    func anHTTPErrorWithoutASOAPBodyIsThrownWithItsStatus(_ status: HTTPResponse.Status, _ contentType: String?) async throws {
        let error = await #expect(throws: HTTPTransportError.self) {
            try await Self.withTransport(Self.router(status: status, contentType: contentType, body: Array("<html>no</html>".utf8))) { transport in
                try await transport.exchange(Self.okEnvelope, version: .v12, action: nil)
            }
        }
        #expect(error?.code == .unexpectedStatus)
        #expect(error?.status == status.code)
    }

    @Test func anAnswerOverTheSizeLimitIsRefused() async throws {
        var configuration = HTTPSOAPTransport.Configuration()
        configuration.maximumResponseBytes = 1024
        let big = Array("<e>".utf8) + Array(repeating: UInt8(ascii: "x"), count: 4096) + Array("</e>".utf8)
        let error = await #expect(throws: HTTPTransportError.self) {
            try await Self.withTransport(Self.router(body: big), configuration: configuration) { transport in
                try await transport.exchange(Self.okEnvelope, version: .v12, action: nil)
            }
        }
        #expect(error?.code == .responseTooLarge)
    }

    /// The route holds its answer back far longer than the request timeout.
    @Test func aServiceThatDoesNotAnswerInTimeIsAbandoned() async throws {
        var configuration = HTTPSOAPTransport.Configuration()
        configuration.requestTimeout = .milliseconds(300)
        let error = await #expect(throws: HTTPTransportError.self) {
            try await Self.withTransport(Self.router(delay: .seconds(30)), configuration: configuration) { transport in
                try await transport.exchange(Self.okEnvelope, version: .v12, action: nil)
            }
        }
        #expect(error?.code == .timeout)
    }

    @Test func nothingListeningIsAConnectionFailure() async throws {
        // Bind a port, then close it, so nothing listens there.
        let port = try await LoopbackServer.run(Self.router()) { $0 }
        var configuration = HTTPSOAPTransport.Configuration()
        configuration.connectTimeout = .seconds(1)
        let error = await #expect(throws: HTTPTransportError.self) {
            try await HTTPSOAPTransport.using("http://127.0.0.1:\(port)/soap", configuration: configuration) { transport in
                try await transport.exchange(Self.okEnvelope, version: .v12, action: nil)
            }
        }
        #expect(error?.code == .connectionFailed)
    }

    @Test(arguments: ["ftp://sts.example/", "sts.example/sts", "http:///sts", "not a url"])
    func onlyAbsoluteHTTPURLsAreAccepted(_ url: String) throws {
        let error = try #require(throws: HTTPTransportError.self) { try HTTPSOAPTransport(url: url) }
        #expect(error.code == .invalidURL)
    }

    // MARK: TLS

    /// A self-signed P-256 certificate for 127.0.0.1, made for this run.
    static func loopbackIdentity() throws -> (certificate: Certificate, certificatePEM: String, keyPEM: String) {
        let key = P256.Signing.PrivateKey()
        let name = try DistinguishedName { CommonName("127.0.0.1") }
        let now = Date()
        let certificate = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: .init(key.publicKey),
            notValidBefore: now.addingTimeInterval(-3600), notValidAfter: now.addingTimeInterval(3600),
            issuer: name, subject: name,
            extensions: try Certificate.Extensions {
                SubjectAlternativeNames([.ipAddress(ASN1OctetString(contentBytes: [127, 0, 0, 1]))])
                try ExtendedKeyUsage([.serverAuth])
            },
            issuerPrivateKey: .init(key))
        return (certificate, try certificate.serializeAsPEM().pemString, key.pemRepresentation)
    }

    static func withTLSServer<T>(
        _ identity: (certificate: Certificate, certificatePEM: String, keyPEM: String),
        _ body: (_ url: String) async throws -> T
    ) async throws -> T {
        let tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: [.certificate(try NIOSSLCertificate(bytes: Array(identity.certificatePEM.utf8), format: .pem))],
            privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(identity.keyPEM.utf8), format: .pem)))
        return try await LoopbackServer.run(Self.router(), tls: tls) { port in try await body("https://127.0.0.1:\(port)/soap") }
    }

    @Test func tlsServerTrustedThroughTheConfiguredRootAnswers() async throws {
        let identity = try Self.loopbackIdentity()
        let answer = try await Self.withTLSServer(identity) { url in
            var configuration = HTTPSOAPTransport.Configuration()
            configuration.trustRoots = .certificates([identity.certificate])
            return try await HTTPSOAPTransport.using(url, configuration: configuration) { transport in
                try await transport.exchange(Self.okEnvelope, version: .v12, action: nil)
            }
        }
        #expect(answer == Self.okEnvelope)
    }

    @Test(arguments: [false, true])
    func tlsServerNotChainingToTheTrustRootsIsRefused(_ otherRoot: Bool) async throws {
        let identity = try Self.loopbackIdentity()
        let error = await #expect(throws: HTTPTransportError.self) {
            try await Self.withTLSServer(identity) { url in
                var configuration = HTTPSOAPTransport.Configuration()
                configuration.connectTimeout = .seconds(5)
                // The system roots, or another self-signed certificate: neither vouches for this server.
                if otherRoot { configuration.trustRoots = .certificates([try Self.loopbackIdentity().certificate]) }
                return try await HTTPSOAPTransport.using(url, configuration: configuration) { transport in
                    try await transport.exchange(Self.okEnvelope, version: .v12, action: nil)
                }
            }
        }
        #expect(error?.code == .tlsFailure, "\(String(describing: error))")
    }
}
