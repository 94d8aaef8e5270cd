public import Foundation
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The directory `tessera serve` keeps its configuration, keys and state in. On first start it
/// is created (owner-only) with development keys and a commented configuration; later starts
/// reuse what is there and never overwrite it.
public struct DataDirectory: Sendable, Hashable {
    /// The default location, relative to the working directory.
    public static let defaultPath = "tessera-data"
    /// The environment variable naming the directory (the `--data-dir` flag wins over it).
    public static let environmentVariable = "TESSERA_DATA_DIR"
    /// The configuration file's name inside the directory.
    public static let configurationFileName = "tessera.yaml"
    /// The unsigned sample request's name inside the directory.
    public static let sampleRequestFileName = "sample-rst.xml"

    /// The directory, as given (absolute or relative to the working directory).
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// The directory `flag` names, else the one the environment names, else the default.
    public static func resolve(flag: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> DataDirectory {
        DataDirectory(path: flag ?? environment[environmentVariable].flatMap { $0.isEmpty ? nil : $0 } ?? defaultPath)
    }

    /// The path of `name` inside the directory.
    public func file(_ name: String) -> String {
        URL(fileURLWithPath: path, isDirectory: true).appendingPathComponent(name).path
    }

    /// The configuration file inside the directory.
    public var configurationFile: String { file(Self.configurationFileName) }

    /// The development keys and certificates a bootstrap creates.
    public enum DevelopmentFile: String, CaseIterable, Sendable {
        case stsKey = "sts.key.pem"
        case stsCertificate = "sts.cert.pem"
        case caKey = "dev-ca.key.pem"
        case caCertificate = "dev-ca.cert.pem"
        case gatewayKey = "gateway.key.pem"
        case gatewayCertificate = "gateway.cert.pem"

        /// Whether the file holds a private key (written readable by the owner only).
        public var isPrivateKey: Bool { rawValue.hasSuffix(".key.pem") }
    }

    /// What ``bootstrapIfNeeded(now:)`` did.
    public enum Bootstrap: Sendable, Hashable {
        /// The directory already held a configuration; nothing was written.
        case reused
        /// These files were created (paths).
        case created([String])
    }

    /// Creates the directory's development contents unless it already holds a configuration:
    /// an RSA-2048 STS signing key with a self-signed certificate, a development CA, a gateway
    /// key and certificate issued by that CA (the sample configuration's trusted requestor,
    /// allowed to delegate), the commented `tessera.yaml`, and an unsigned sample request.
    /// Private keys are created with mode 0600, the directory (when created) with 0700.
    ///
    /// - Throws: ``DataDirectoryError`` when a development file exists without a
    ///   configuration (a half-made directory is never completed by overwriting), or a file
    ///   cannot be written.
    public func bootstrapIfNeeded(endpointAddress: String, now: Date = Date()) throws -> Bootstrap {
        let manager = FileManager.default
        if manager.fileExists(atPath: configurationFile) { return .reused }
        let leftovers = DevelopmentFile.allCases.map { file($0.rawValue) } + [file(Self.sampleRequestFileName)]
        if let existing = leftovers.first(where: manager.fileExists(atPath:)) {
            throw DataDirectoryError("'\(existing)' exists but '\(configurationFile)' does not; restore the configuration or remove the directory")
        }
        var isDirectory: ObjCBool = false
        if !manager.fileExists(atPath: path, isDirectory: &isDirectory) {
            do {
                try manager.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw DataDirectoryError("cannot create the directory '\(path)'")
            }
        } else if !isDirectory.boolValue {
            throw DataDirectoryError("'\(path)' is not a directory")
        }

        let contents = try Self.developmentContents(now: now)
        var created: [String] = []
        for (name, text) in contents {
            created.append(try create(text, name: name.rawValue, privateFile: name.isPrivateKey))
        }
        let request = SampleRequest.envelope(endpointAddress: endpointAddress).serialize() + Array("\n".utf8)
        created.append(try create(String(decoding: request, as: UTF8.self), name: Self.sampleRequestFileName, privateFile: false))
        // The configuration last: its presence marks a complete directory.
        created.append(try create(SampleConfiguration.yaml(), name: Self.configurationFileName, privateFile: false))
        return .created(created)
    }

    private static func developmentContents(now: Date) throws -> [(DevelopmentFile, String)] {
        do {
            let sts = try DevelopmentCertificate.KeyPair.rsa(bits: 2048)
            let stsCertificate = try DevelopmentCertificate.make(commonName: "Tessera development STS", key: sts.certificateKey, days: 825, now: now)
            let ca = try DevelopmentCertificate.KeyPair.rsa(bits: 2048)
            let caCertificate = try DevelopmentCertificate.make(
                commonName: "Tessera development CA", key: ca.certificateKey,
                isCertificateAuthority: true, days: 3650, now: now)
            let gateway = try DevelopmentCertificate.KeyPair.rsa(bits: 2048)
            let gatewayCertificate = try DevelopmentCertificate.make(
                commonName: "Tessera development gateway", key: gateway.certificateKey, days: 825,
                issuer: .init(key: ca.certificateKey, certificate: caCertificate), now: now)
            return [
                (.stsKey, sts.pem), (.stsCertificate, try DevelopmentCertificate.pem(stsCertificate)),
                (.caKey, ca.pem), (.caCertificate, try DevelopmentCertificate.pem(caCertificate)),
                (.gatewayKey, gateway.pem), (.gatewayCertificate, try DevelopmentCertificate.pem(gatewayCertificate)),
            ]
        } catch {
            throw DataDirectoryError("cannot generate the development keys: \(error)")
        }
    }

    /// Creates `name` (which must not exist) with `text`; private files are created with mode
    /// 0600 from the start, so the key is never readable by others, even briefly.
    private func create(_ text: String, name: String, privateFile: Bool) throws -> String {
        let target = file(name)
        let descriptor = open(target, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, privateFile ? 0o600 : 0o644)
        guard descriptor >= 0 else { throw DataDirectoryError("cannot create '\(target)': \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let result = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            guard result > 0 else { throw DataDirectoryError("cannot write '\(target)': \(String(cString: strerror(errno)))") }
            written += result
        }
        guard fsync(descriptor) == 0 else { throw DataDirectoryError("cannot write '\(target)': \(String(cString: strerror(errno)))") }
        return target
    }
}

/// The data directory cannot be prepared.
public struct DataDirectoryError: Error, Hashable, Sendable, CustomStringConvertible {
    public let description: String

    /// A problem with the directory or a file in it, described for the operator.
    public init(_ description: String) {
        self.description = description
    }
}
