import SOAP
import Foundation
import X509
import XMLCore

/// How a signature or EncryptedKey names the X.509 certificate of its key (X.509 Token
/// Profile 1.1 §3.2).
public enum KeyReferenceForm: Hashable, Sendable {
    /// A BinarySecurityToken carrying the certificate, referenced by `#wsu:Id`.
    case binarySecurityToken
    /// KeyIdentifier with the certificate's SubjectKeyIdentifier.
    case subjectKeyIdentifier
    /// KeyIdentifier with SHA-1 of the certificate (WSS 1.1).
    case thumbprintSHA1
    /// ds:X509Data/ds:X509IssuerSerial.
    case issuerSerial

    /// Writes the reference into `keyInfo`, adding a BinarySecurityToken to `security` when
    /// that is the form (placed before `beforeElement`).
    func write(for certificate: Certificate, into keyInfo: XMLElement, security: XMLElement, before beforeElement: XMLElement?, ids: IDGenerator) throws {
        let form: SecurityTokenReference.Form
        switch self {
        case .binarySecurityToken:
            let id = ids.next("X509")
            try BinarySecurityToken.write(certificate, into: security, before: beforeElement, id: id)
            form = .reference(uri: "#" + id, valueType: WSSURI.x509v3)
        case .subjectKeyIdentifier:
            guard let ski = certificate.subjectKeyIdentifierBytes else {
                throw WSSecurityError(.invalidSecurityToken, "the certificate has no SubjectKeyIdentifier")
            }
            form = .keyIdentifier(valueType: WSSURI.x509SubjectKeyIdentifier, value: ski, text: "")
        case .thumbprintSHA1:
            form = .keyIdentifier(valueType: WSSURI.thumbprintSHA1, value: try certificate.thumbprintSHA1, text: "")
        case .issuerSerial:
            form = .issuerSerial(issuerName: certificate.issuer.description, serialNumber: certificate.decimalSerialNumber)
        }
        SecurityTokenReference.write(form, into: keyInfo)
    }
}

/// Generates `wsu:Id` values unique within a message.
final class IDGenerator {
    func next(_ prefix: String) -> String {
        "\(prefix)-\(UUID().uuidString.lowercased())"
    }

    /// The element's wsu:Id (or other ID attribute), assigning a wsu:Id when it has none.
    func id(of element: XMLElement) -> String {
        if let existing = element.attribute("Id", WSSNamespace.utility) ?? element.attribute("Id") ?? element.attribute("ID") {
            return existing
        }
        let id = next("id")
        element.setAttribute("Id", WSSNamespace.utility, prefix: "wsu", value: id)
        return id
    }
}
