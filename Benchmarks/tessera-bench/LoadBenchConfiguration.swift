import Foundation
import TesseraServer

/// The STS configuration `scripts/load-bench` runs with (the test PKI's gateway as trusted
/// requestor, HelloService as sender-vouches relying party, request timestamps accepted for two
/// hours), shared by the in-process benchmark modes so they measure the same service.
enum LoadBenchConfiguration {
    /// The relying party's AppliesTo.
    static let helloService = "http://testHost/HelloService"

    /// The configuration over the fixtures in `fixtures`; the ADFS aliases only when `adfs`.
    static func make(fixtures: URL, directory: URL, adfs: Bool = false) throws -> ServerConfiguration {
        let path = { (name: String) in fixtures.appendingPathComponent(name).path }
        let yaml = """
            listen: {host: 127.0.0.1, port: 0}
            adfs: {enabled: \(adfs)}
            identity:
              issuer: https://sts.tessera.test
              nameQualifier: STS
              signingKey: \(path("sts.key.pem"))
              signingCertificate: \(path("sts.cert.pem"))
            trustAnchors: [\(path("ca.cert.pem"))]
            requestors:
              - {name: gateway, certificate: \(path("gateway.cert.pem")), mayDelegate: true}
            relyingParties:
              - name: hello
                appliesTo: [{exact: "\(helloService)"}]
                confirmation: sender-vouches
            security: {timestampMaxAgeSeconds: 7200}
            """
        return try ServerConfiguration(yaml: yaml, baseDirectory: directory.path)
    }
}
