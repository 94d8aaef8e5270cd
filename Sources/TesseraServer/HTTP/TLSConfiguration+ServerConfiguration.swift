import HummingbirdTLS

extension ServerConfiguration.TLS {
    /// The server TLS configuration of the certificate chain and key files (PEM), with NIOSSL's
    /// defaults (TLS 1.2 and later, its default cipher suites).
    ///
    /// - Throws: ``ConfigurationError`` naming `tls.certificate` or `tls.key` when a file cannot
    ///   be read or used.
    func serverConfiguration(resolving configuration: ServerConfiguration) throws(ConfigurationError) -> TLSConfiguration {
        let certificatePath = configuration.resolvedPath(certificate)
        let keyPath = configuration.resolvedPath(key)
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMFile(certificatePath)
        } catch {
            throw ConfigurationError(field: "tls.certificate", "cannot read a PEM certificate chain from '\(certificatePath)'")
        }
        guard !chain.isEmpty else { throw ConfigurationError(field: "tls.certificate", "'\(certificatePath)' holds no PEM certificate") }
        let privateKey: NIOSSLPrivateKey
        do {
            privateKey = try NIOSSLPrivateKey(file: keyPath, format: .pem)
        } catch {
            throw ConfigurationError(field: "tls.key", "cannot read an unencrypted PEM private key from '\(keyPath)'")
        }
        return TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(privateKey))
    }
}
