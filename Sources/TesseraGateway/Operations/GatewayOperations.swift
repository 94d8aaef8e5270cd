import Hummingbird
import HummingbirdTLS
import ServiceLifecycle
import TesseraClient
import TesseraServer

/// The operations endpoints' responses and the listener's TLS configuration.
enum GatewayOperations {
    static func text(_ body: String, status: HTTPResponse.Status) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    static func metrics(_ metrics: GatewayMetrics) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = ServerMetrics.contentType
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: metrics.exposition())))
    }

    /// The listener's TLS (TLS 1.2 and later, NIOSSL's default cipher suites); with client
    /// certificate authorities, mutual TLS: a consumer without a certificate issued by one of
    /// them cannot complete the handshake.
    static func serverTLS(_ tls: GatewayConfiguration.TLS, configuration: GatewayConfiguration) throws(ConfigurationError) -> TLSConfiguration {
        let certificatePath = configuration.resolvedPath(tls.certificate)
        let keyPath = configuration.resolvedPath(tls.key)
        let chain: [NIOSSLCertificate]
        let key: NIOSSLPrivateKey
        do {
            chain = try NIOSSLCertificate.fromPEMFile(certificatePath)
            key = try NIOSSLPrivateKey(file: keyPath, format: .pem)
        } catch {
            throw ConfigurationError(field: "tls", "cannot read the PEM certificate '\(certificatePath)' and key '\(keyPath)'")
        }
        var server = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        if !tls.clientCertificateAuthorities.isEmpty {
            var roots: [NIOSSLCertificate] = []
            for (index, path) in tls.clientCertificateAuthorities.enumerated() {
                do {
                    roots += try NIOSSLCertificate.fromPEMFile(configuration.resolvedPath(path))
                } catch {
                    throw ConfigurationError(field: "tls.clientCertificateAuthorities[\(index)]", "cannot read a PEM certificate from '\(path)'")
                }
            }
            server.trustRoots = .certificates(roots)
            server.certificateVerification = .noHostnameVerification
        }
        return server
    }
}

/// Closes the gateway's HTTP clients (STS transports and the provider client) once the server
/// has stopped: Hummingbird stops its services after the server, in reverse order.
struct GatewayClients: Service {
    let provider: ProviderClient
    let transports: [HTTPSOAPTransport]
    /// Their contexts are cancelled (as configured) while the provider client still runs.
    let conversations: [SecureConversationBinding]

    func run() async throws {
        try? await gracefulShutdown()
        for conversation in conversations { await conversation.shutdown() }
        for transport in transports { try? await transport.shutdown() }
        try? await provider.shutdown()
    }
}
