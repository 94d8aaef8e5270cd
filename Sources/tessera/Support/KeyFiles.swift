import Foundation
import SecurityCore
import SwiftASN1
import TesseraCrypto
import WSSecurity
import X509
import XMLSecurity

/// Loads keys and certificates from PEM files, with one-line errors naming the file.
enum KeyFiles {
    /// An unencrypted PEM private key (PKCS#8, PKCS#1 RSA or SEC1 EC).
    static func privateKey(at path: String) throws -> PrivateKey {
        let text = String(decoding: try FileIO.read(path), as: UTF8.self)
        do {
            return try PrivateKey(pemRepresentation: text)
        } catch {
            throw CommandFailure.cannotRun("'\(path)' is not a usable private key (PEM PKCS#8, PKCS#1 or SEC1, RSA or EC P-256/384/521)")
        }
    }

    /// Every certificate in a PEM file, in file order; at least one.
    static func certificates(at path: String) throws -> [Certificate] {
        let text = String(decoding: try FileIO.read(path), as: UTF8.self)
        let certificates: [Certificate]
        do {
            certificates = try PEMDocument.parseMultiple(pemString: text)
                .filter { $0.discriminator == "CERTIFICATE" }
                .map { try Certificate(pemDocument: $0) }
        } catch {
            throw CommandFailure.cannotRun("'\(path)' holds a PEM certificate that cannot be read")
        }
        guard !certificates.isEmpty else {
            throw CommandFailure.cannotRun("'\(path)' holds no PEM certificate")
        }
        return certificates
    }

    /// The certificates of several files, flattened.
    static func certificates(at paths: [String]) throws -> [Certificate] {
        try paths.flatMap { try certificates(at: $0) }
    }

    /// A private key with its certificate (first in the file; the rest form its chain),
    /// refused unless the key is the certificate's.
    static func credential(key keyPath: String, certificate certificatePath: String) throws -> X509Credential {
        let key = try privateKey(at: keyPath)
        let certificates = try certificates(at: certificatePath)
        let leaf = certificates[0]
        let certificateKey: PublicKey
        do {
            certificateKey = try PublicKey(certificate: leaf)
        } catch {
            throw CommandFailure.cannotRun("the public key of '\(certificatePath)' is not supported (RSA or EC P-256/384/521)")
        }
        guard certificateKey.subjectPublicKeyInfoDER == key.publicKey.subjectPublicKeyInfoDER else {
            throw CommandFailure.cannotRun("the key '\(keyPath)' does not belong to the certificate '\(certificatePath)'")
        }
        return X509Credential(privateKey: key, certificate: leaf, chain: Array(certificates.dropFirst()))
    }
}

extension AsymmetricKeyType {
    /// `RSA-2048`, `EC P-256`.
    var displayName: String {
        switch self {
        case .rsa(let bits): "RSA-\(bits)"
        case .ec(.p256): "EC P-256"
        case .ec(.p384): "EC P-384"
        case .ec(.p521): "EC P-521"
        }
    }
}
