import Crypto
import Foundation
import SwiftASN1
import X509

/// A self-signed TLS server certificate for 127.0.0.1 (an IP address SAN, so clients verify the
/// host name as they would in a deployment) with its P-256 key, written as PEM files. Clients
/// trust it by pinning the certificate itself.
struct LoopbackTLSIdentity {
    let certificatePath: String
    let keyPath: String

    /// Makes a fresh identity, valid for an hour, in `directory`.
    init(in directory: URL) throws {
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
        certificatePath = directory.appendingPathComponent("loopback-tls.cert.pem").path
        keyPath = directory.appendingPathComponent("loopback-tls.key.pem").path
        try certificate.serializeAsPEM().pemString.write(toFile: certificatePath, atomically: true, encoding: .utf8)
        try key.pemRepresentation.write(toFile: keyPath, atomically: true, encoding: .utf8)
    }
}
