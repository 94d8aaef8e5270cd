import Foundation
public import SecurityCore
import TesseraCrypto
public import TesseraServer
import WSSecurity
public import X509

/// The development keys of a data directory, as the secure-conversation demo uses them: the
/// STS key signs for the service, the sample gateway key is the client, the development CA is
/// what the service trusts. Development keys only: never for production trust.
public struct DevelopmentKeys: Sendable {
    /// The service's key and (self-signed) certificate: the STS development key.
    public let service: X509Credential
    /// The client's key and certificate, issued by the development CA.
    public let client: X509Credential
    /// The development CA.
    public let certificateAuthority: Certificate

    /// Reads the keys of `directory`, creating its development contents first when it has none
    /// (``TesseraServer/DataDirectory/bootstrapIfNeeded(endpointAddress:now:)``).
    ///
    /// - Throws: ``TesseraServer/DataDirectoryError`` when the directory cannot be prepared or a key or
    ///   certificate is missing or unreadable.
    public init(directory: DataDirectory, endpointAddress: String) throws {
        _ = try directory.bootstrapIfNeeded(endpointAddress: endpointAddress)
        service = try Self.credential(directory, key: .stsKey, certificate: .stsCertificate)
        client = try Self.credential(directory, key: .gatewayKey, certificate: .gatewayCertificate)
        certificateAuthority = try Self.certificate(directory, .caCertificate)
    }

    private static func credential(
        _ directory: DataDirectory, key: DataDirectory.DevelopmentFile,
        certificate: DataDirectory.DevelopmentFile
    ) throws -> X509Credential {
        let path = directory.file(key.rawValue)
        let privateKey: PrivateKey
        do {
            privateKey = try PrivateKey(pemRepresentation: String(contentsOfFile: path, encoding: .utf8))
        } catch {
            throw DataDirectoryError("cannot read the key '\(path)'")
        }
        return X509Credential(privateKey: privateKey, certificate: try Self.certificate(directory, certificate))
    }

    private static func certificate(_ directory: DataDirectory, _ file: DataDirectory.DevelopmentFile) throws -> Certificate {
        let path = directory.file(file.rawValue)
        do {
            return try Certificate(pemEncoded: String(contentsOfFile: path, encoding: .utf8))
        } catch {
            throw DataDirectoryError("cannot read the certificate '\(path)'")
        }
    }
}
