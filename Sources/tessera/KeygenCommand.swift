import ArgumentParser
import Foundation
import TesseraCrypto
import TesseraServer
import X509

/// `tessera keygen`: a development key and certificate.
struct KeygenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Create a development key and certificate (self-signed, or issued by a CA you give).",
        discussion: """
            Writes DIR/NAME.key.pem (unencrypted PKCS#8, readable by the owner only) and \
            DIR/NAME.cert.pem, subject CN=NAME, O=Tessera development. A leaf certificate has \
            keyUsage digitalSignature and keyEncipherment; with --ca it is a CA certificate \
            (keyCertSign, cRLSign) that can be given to --ca-key/--ca-cert later. A self-signed \
            leaf is trusted with 'tessera verify --pin'. For development and tests only.
            """
    )

    enum KeyType: String, CaseIterable, ExpressibleByArgument {
        case rsa2048 = "rsa2048"
        case rsa3072 = "rsa3072"
        case rsa4096 = "rsa4096"
        case p256 = "p256"
        case p384 = "p384"
    }

    @Option(help: ArgumentHelp("The directory to write to (created when missing).", valueName: "DIR"))
    var out: String

    @Option(help: "The file name stem and certificate common name.")
    var name = "tessera"

    @Option(name: .customLong("key-type"), help: "The key algorithm.")
    var keyType: KeyType = .rsa2048

    @Option(help: "Days the certificate is valid, from now.")
    var days = 365

    @Flag(help: "Make a CA certificate instead of a leaf.")
    var ca = false

    @Option(name: .customLong("ca-key"), help: ArgumentHelp("Issue the certificate with this CA key instead of self-signing it (PEM).", valueName: "KEY.pem"))
    var caKey: String?

    @Option(name: .customLong("ca-cert"), help: ArgumentHelp("The certificate of --ca-key (PEM).", valueName: "CERT.pem"))
    var caCert: String?

    @Flag(help: "Overwrite existing files.")
    var force = false

    func validate() throws {
        guard (caKey == nil) == (caCert == nil) else { throw ValidationError("--ca-key and --ca-cert go together") }
        guard (1...36_500).contains(days) else { throw ValidationError("--days must be between 1 and 36500") }
        guard !name.isEmpty, !name.contains("/") else { throw ValidationError("--name must be a non-empty file name") }
    }

    func run() async throws {
        try await reportingFailures {
            let keyPath = (out as NSString).appendingPathComponent("\(name).key.pem")
            let certificatePath = (out as NSString).appendingPathComponent("\(name).cert.pem")
            for path in [keyPath, certificatePath] where !force && FileManager.default.fileExists(atPath: path) {
                throw CommandFailure.cannotRun("'\(path)' exists; add --force to overwrite it")
            }
            let key = try generateKey()
            let pem = key.pkcs8PEMRepresentation
            let certificate = try makeCertificate(for: try Certificate.PrivateKey(pemEncoded: pem))
            do {
                try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            } catch {
                throw CommandFailure.cannotRun("cannot create the directory '\(out)'")
            }
            try FileIO.write(Array(pem.utf8), to: keyPath, privateFile: true)
            try FileIO.write(Array(try certificate.serializeAsPEM().pemString.utf8) + [UInt8(ascii: "\n")], to: certificatePath)
            print(keyPath)
            print(certificatePath)
        }
    }

    private func generateKey() throws -> TesseraCrypto.PrivateKey {
        switch keyType {
        case .rsa2048: try .generateRSA(bits: 2048)
        case .rsa3072: try .generateRSA(bits: 3072)
        case .rsa4096: try .generateRSA(bits: 4096)
        case .p256: .generateEC(.p256)
        case .p384: .generateEC(.p384)
        }
    }

    private func makeCertificate(for key: Certificate.PrivateKey) throws -> Certificate {
        var issuer: DevelopmentCertificate.Issuer?
        if let caKey, let caCert {
            let certificate = try KeyFiles.certificates(at: caCert)[0]
            let issuerPEM = String(decoding: try FileIO.read(caKey), as: UTF8.self)
            let issuerKey: Certificate.PrivateKey
            do {
                issuerKey = try Certificate.PrivateKey(pemEncoded: issuerPEM)
            } catch {
                throw CommandFailure.cannotRun("'\(caKey)' is not a usable CA key (PEM PKCS#8, PKCS#1 or SEC1)")
            }
            guard issuerKey.publicKey == certificate.publicKey else {
                throw CommandFailure.cannotRun("the key '\(caKey)' does not belong to the certificate '\(caCert)'")
            }
            issuer = DevelopmentCertificate.Issuer(key: issuerKey, certificate: certificate)
        }
        do {
            return try DevelopmentCertificate.make(commonName: name, key: key, isCertificateAuthority: ca, days: days, issuer: issuer)
        } catch {
            throw CommandFailure.cannotRun("cannot create the certificate: \(error)")
        }
    }
}
