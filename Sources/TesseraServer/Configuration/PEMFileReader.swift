import Foundation
public import SecurityCore
import SwiftASN1
public import TesseraCrypto
import WSSecurity
public import X509
import XMLSecurity

/// Reads the PEM files a configuration names, recording a problem against the field for each
/// file that cannot be used instead of stopping at the first, so one run reports them all.
/// `tessera serve`'s and `tessera gateway`'s configurations read their files through it.
public struct PEMFileReader {
    /// Turns a path as written in the configuration into the file to read.
    private let resolve: (String) -> String
    /// The problems found so far, each against its field.
    public private(set) var issues = IssueCollector()

    /// A reader resolving relative paths as `resolve` does (against the configuration file's
    /// directory).
    public init(resolvingPaths resolve: @escaping (String) -> String) {
        self.resolve = resolve
    }

    init(configuration: ServerConfiguration) {
        self.init(resolvingPaths: configuration.resolvedPath)
    }

    /// Every certificate in the PEM file at `path`, in file order; empty (with a problem
    /// recorded) when there is none or the file cannot be read.
    public mutating func certificates(at path: String, field: FieldPath) -> [Certificate] {
        guard let text = read(path, field: field) else { return [] }
        do {
            let certificates = try PEMDocument.parseMultiple(pemString: text)
                .filter { $0.discriminator == "CERTIFICATE" }
                .map { try Certificate(pemDocument: $0) }
            if certificates.isEmpty { issues.add(field, "'\(path)' holds no PEM certificate") }
            return certificates
        } catch {
            issues.add(field, "'\(path)' holds a PEM certificate that cannot be read")
            return []
        }
    }

    /// The unencrypted PEM private key at `path` (PKCS#8, PKCS#1 RSA or SEC1 EC).
    public mutating func privateKey(at path: String, field: FieldPath) -> PrivateKey? {
        guard let text = read(path, field: field) else { return nil }
        do {
            return try PrivateKey(pemRepresentation: text)
        } catch {
            issues.add(field, "'\(path)' is not a usable private key (unencrypted PEM: PKCS#8, PKCS#1 or SEC1; RSA or EC)")
            return nil
        }
    }

    /// A key with its certificate (the first in the file; the rest is its chain), refused
    /// unless the key is the certificate's.
    public mutating func credential(key keyPath: String, keyField: FieldPath, certificate certificatePath: String, certificateField: FieldPath)
        -> X509Credential?
    {
        let key = privateKey(at: keyPath, field: keyField)
        let certificates = certificates(at: certificatePath, field: certificateField)
        guard let key, let leaf = certificates.first else { return nil }
        guard let certificateKey = try? PublicKey(certificate: leaf) else {
            issues.add(certificateField, "the public key of '\(certificatePath)' is not supported (RSA or EC P-256/384/521)")
            return nil
        }
        guard certificateKey.subjectPublicKeyInfoDER == key.publicKey.subjectPublicKeyInfoDER else {
            issues.add(keyField, "'\(keyPath)' is not the key of the certificate '\(certificatePath)'")
            return nil
        }
        return X509Credential(privateKey: key, certificate: leaf, chain: Array(certificates.dropFirst()))
    }

    private mutating func read(_ path: String, field: FieldPath) -> String? {
        let resolved = resolve(path)
        guard let data = FileManager.default.contents(atPath: resolved) else {
            issues.add(field, "cannot read '\(resolved)'")
            return nil
        }
        return String(decoding: data, as: UTF8.self)
    }
}
