import Foundation
import TesseraServer

/// What `tessera serve` prints on standard output once it listens: where, which endpoints, and
/// a first request to paste (the sample gateway signs the sample request, curl posts it).
struct ServeBanner: Sendable {
    let dataDirectory: DataDirectory
    /// Whether the configuration came from the data directory (else from --config).
    let usesDataDirectory: Bool
    /// Files the bootstrap created on this start.
    var created: [String] = []
    var configuration: ServerConfiguration?

    func print(baseURL: String, port: Int) {
        guard let configuration else { return }
        let routes = STSRoutes(configuration: configuration)
        let endpoint = baseURL + configuration.endpoint.path
        var lines: [String] = []
        if !created.isEmpty {
            lines.append("Created the development data directory \(dataDirectory.path) (development keys: never use them in production):")
            lines += created.map { "  \($0)" }
            lines.append("")
        }
        lines.append("Tessera STS listening on \(baseURL) (port \(port))")
        lines.append("  endpoint  POST \(endpoint)   (SOAP 1.1 and 1.2; WSDL: GET \(endpoint)?wsdl)")
        for alias in routes.endpoints.dropFirst() {
            lines.append("  ADFS      POST \(baseURL + alias.path)")
        }
        if let mex = routes.metadataExchangePath {
            lines.append("  metadata  GET  \(baseURL + mex)")
        }
        if let section = configuration.secureConversation {
            let versions = section.versions.map(\.rawValue).joined(separator: ", ")
            lines.append(
                "  SC echo   POST \(baseURL + section.path)   (WS-SecureConversation \(versions): SCT issuer and sample echo service, \(section.contexts.rawValue) contexts)"
            )
        }
        if let section = configuration.helloService {
            lines.append("  hello     POST \(baseURL + section.path)   (sample provider: SAML assertions of this STS vouched for by a trusted gateway)")
        }
        lines.append("  health    GET  \(baseURL + STSRoutes.healthPath), \(baseURL + STSRoutes.readyPath), \(baseURL + STSRoutes.metricsPath)")
        if usesDataDirectory {
            lines.append("  config    \(dataDirectory.configurationFile)")
        }
        let key = dataDirectory.file(DataDirectory.DevelopmentFile.gatewayKey.rawValue)
        let certificate = dataDirectory.file(DataDirectory.DevelopmentFile.gatewayCertificate.rawValue)
        let sample = dataDirectory.file(DataDirectory.sampleRequestFileName)
        if usesDataDirectory, [key, certificate, sample].allSatisfy(FileManager.default.fileExists(atPath:)) {
            lines.append("")
            lines.append("First request: the sample gateway signs the sample RST (fresh Timestamp each time), curl posts it:")
            lines.append("  \(Self.quoted(Self.executable)) sign --key \(Self.quoted(key)) --cert \(Self.quoted(certificate)) \(Self.quoted(sample)) \\")
            lines.append("    | curl -sS -H 'Content-Type: application/soap+xml; charset=utf-8' --data-binary @- \(endpoint)")
        }
        lines.append("")
        FileHandle.standardOutput.write(Data(lines.joined(separator: "\n").utf8 + [UInt8(ascii: "\n")]))
    }

    /// How to run this executable again: its path when started through one, else `tessera`.
    private static var executable: String {
        let path = CommandLine.arguments.first ?? "tessera"
        return path.contains("/") ? path : "tessera"
    }

    /// `text` quoted for a POSIX shell when it needs it.
    private static func quoted(_ text: String) -> String {
        let plain = text.allSatisfy { $0.isLetter || $0.isNumber || "/._-+:=@".contains($0) }
        return plain ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
