import Foundation
import SOAP
import WSSecurity
import X509
import XMLCore
import XMLSecurity

/// RSA-SHA1 signing for `tessera sign --allow-sha1`.
///
/// Workaround: ``SecurityHeaderBuilder/SignatureOptions`` has no way to set
/// `SignatureBuilder._WEAK_allowSHA1PublicKeySignature`, so the builder refuses RSA-SHA1. This
/// writes the same layout (Timestamp, token, Signature) with the public pieces the builder uses.
/// Remove once the builder offers the switch.
enum LegacySHA1Signature {
    static func secure(_ envelope: SOAPEnvelope, timestamp builder: SecurityHeaderBuilder,
                       options: SecurityHeaderBuilder.SignatureOptions, parts: [MessagePart]) throws {
        do {
            try builder.secure(envelope)  // the Timestamp (the builder has no signature options)
            let security = try envelope.ensureSecurityHeader()
            var seen = Set<XMLElement>()
            let targets = parts.flatMap { $0.elements(in: envelope, security: security) }.filter { seen.insert($0).inserted }
            let references = targets.map {
                SignatureBuilder.Reference(uri: "#" + id(of: $0), digestMethod: options.digestMethod)
            }
            var signer = SignatureBuilder(algorithm: options.algorithm, references: references, signatureID: newID("SIG"))
            signer._WEAK_allowSHA1PublicKeySignature = true
            try signer.sign(in: security, key: .privateKey(options.credential.privateKey)) { keyInfo in
                try writeReference(options.keyReference, to: options.credential.certificate, into: keyInfo, security: security)
            }
        } catch {
            throw WSSecurityError(error)
        }
    }

    private static func writeReference(_ reference: KeyReferenceForm, to certificate: Certificate,
                                       into keyInfo: XMLElement, security: XMLElement) throws {
        let form: SecurityTokenReference.Form
        switch reference {
        case .binarySecurityToken:
            let id = newID("X509")
            try BinarySecurityToken.write(certificate, into: security, before: keyInfo.parent, id: id)
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

    private static func id(of element: XMLElement) -> String {
        if let existing = element.attribute("Id", WSSNamespace.utility) ?? element.attribute("Id") ?? element.attribute("ID") {
            return existing
        }
        let id = newID("id")
        element.setAttribute("Id", WSSNamespace.utility, prefix: "wsu", value: id)
        return id
    }

    private static func newID(_ prefix: String) -> String {
        "\(prefix)-\(UUID().uuidString.lowercased())"
    }
}
