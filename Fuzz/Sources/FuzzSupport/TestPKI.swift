import Foundation
import SecurityCore
import TesseraCrypto
import WSSecurity
import X509

/// The test PKI in Tests/TesseraTestSupport/Fixtures (TEST KEYS ONLY; see its README), found
/// relative to this package, or through `TESSERA_FIXTURES`.
public enum TestPKI {
    static let directory: URL = {
        if let path = ProcessInfo.processInfo.environment["TESSERA_FIXTURES"] { return URL(fileURLWithPath: path) }
        return URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Tests/TesseraTestSupport/Fixtures")
    }()

    /// The instant every fuzzed message is checked at: a minute after the xmlsec1 fixtures'
    /// Timestamp was created (2025-06-01T12:00:00Z), inside every test certificate's validity.
    public static let now = Date(timeIntervalSince1970: 1_748_779_260)
    /// When the generated seed messages and assertions say they were made.
    public static let created = Date(timeIntervalSince1970: 1_748_779_200)

    private static func text(_ name: String) -> String {
        do {
            return try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
        } catch {
            fatalError("cannot read the test fixture \(name) in \(directory.path) (set TESSERA_FIXTURES): \(error)")
        }
    }

    /// The certificate `<name>.cert.pem`.
    public static func certificate(_ name: String) -> Certificate {
        do { return try Certificate(pemEncoded: text("\(name).cert.pem")) } catch { fatalError("\(name).cert.pem: \(error)") }
    }

    /// The key `<name>.key.pem` with its certificate.
    public static func credential(_ name: String) -> X509Credential {
        do {
            return X509Credential(privateKey: try PrivateKey(pemRepresentation: text("\(name).key.pem")), certificate: certificate(name))
        } catch {
            fatalError("\(name).key.pem: \(error)")
        }
    }

    /// Trusts the test root CA.
    public static let trustStore = X509TrustStore(anchors: [certificate("ca")])
}
