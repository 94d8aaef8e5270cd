import SecurityCore
import SOAP
import Foundation
import TesseraCrypto
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
    /// KeyIdentifier (SAMLID or SAMLAssertionID) naming the SAML assertion the builder carries
    /// in the header, whose holder-of-key confirmation is the signing certificate (SAML Token
    /// Profile 1.1 §3.4). Signatures only.
    case samlAssertionKeyIdentifier

    /// Writes the reference into `keyInfo`, adding a BinarySecurityToken to `security` when
    /// that is the form (placed before `beforeElement`). Takes what it writes from `cached`
    /// (the certificate's encodings, made once per credential) when given, and encodes
    /// `certificate` otherwise.
    func write(
        for certificate: Certificate, cached: CertificateReferenceValues? = nil, into keyInfo: XMLElement, security: XMLElement,
        before beforeElement: XMLElement?, ids: IDGenerator, samlAssertion: HeaderSAMLAssertion? = nil
    ) throws {
        let (form, tokenType) = try reference(
            for: certificate, cached: cached, security: security, before: beforeElement, ids: ids, samlAssertion: samlAssertion)
        SecurityTokenReference.write(form, into: keyInfo, tokenType: tokenType)
    }

    /// Whether ``write(for:cached:to:security:ids:samlAssertion:)`` writes this form: all but
    /// ``issuerSerial``.
    var isWrittenInCanonicalForm: Bool { self != .issuerSerial }

    /// Writes the reference into `writer`, inside the `ds:KeyInfo` it has open, in canonical
    /// form, adding a BinarySecurityToken last to `security` when that is the form (the
    /// Signature that uses it goes in after it); as ``write(for:cached:into:security:before:ids:samlAssertion:)``
    /// otherwise. Not for ``issuerSerial``.
    func write(
        for certificate: Certificate, cached: CertificateReferenceValues? = nil, to writer: inout CanonicalXMLWriter, security: XMLElement,
        ids: IDGenerator, samlAssertion: HeaderSAMLAssertion? = nil
    ) throws {
        precondition(isWrittenInCanonicalForm, "an issuer-serial reference is written only in a tree")
        let (form, tokenType) = try reference(for: certificate, cached: cached, security: security, before: nil, ids: ids, samlAssertion: samlAssertion)
        guard try SecurityTokenReference.write(form, tokenType: tokenType, to: &writer) else {
            preconditionFailure("a SecurityTokenReference of this form is written only in a tree")
        }
    }

    /// The SecurityTokenReference's form and token type, after adding a BinarySecurityToken to
    /// `security` (before `beforeElement`) when that is the form.
    private func reference(
        for certificate: Certificate, cached: CertificateReferenceValues?, security: XMLElement, before beforeElement: XMLElement?, ids: IDGenerator,
        samlAssertion: HeaderSAMLAssertion?
    ) throws -> (SecurityTokenReference.Form, String?) {
        let form: SecurityTokenReference.Form
        var tokenType: String?
        switch self {
        case .binarySecurityToken:
            let id = ids.next("X509")
            let base64DER = try cached?.base64DER ?? XMLBase64.encode(certificate.derBytes)
            BinarySecurityToken.write(base64DER: base64DER, into: security, before: beforeElement, id: id)
            form = .reference(uri: "#" + id, valueType: WSSURI.x509v3)
        case .subjectKeyIdentifier:
            guard let ski = cached.map(\.subjectKeyIdentifier) ?? certificate.subjectKeyIdentifierBytes else {
                throw WSSecurityError(.invalidSecurityToken, "the certificate has no SubjectKeyIdentifier")
            }
            form = .keyIdentifier(valueType: WSSURI.x509SubjectKeyIdentifier, value: ski, text: "")
        case .thumbprintSHA1:
            form = .keyIdentifier(valueType: WSSURI.thumbprintSHA1, value: try cached?.thumbprintSHA1 ?? certificate.thumbprintSHA1, text: "")
        case .issuerSerial:
            form = .issuerSerial(
                issuerName: cached?.issuerName ?? certificate.issuer.description,
                serialNumber: cached?.decimalSerialNumber ?? certificate.decimalSerialNumber)
        case .samlAssertionKeyIdentifier:
            guard let samlAssertion else {
                throw WSSecurityError(.invalidSecurityToken, "a SAML key reference needs a SAML assertion in the header")
            }
            let saml20 = samlAssertion.version == .saml20
            form = .keyIdentifier(valueType: saml20 ? WSSURI.samlV20ID : WSSURI.samlV11ID, value: Array(samlAssertion.id.utf8), text: samlAssertion.id)
            tokenType = saml20 ? WSSURI.samlV20TokenType : WSSURI.samlV11TokenType
        }
        return (form, tokenType)
    }
}

/// Generates `wsu:Id` values unique within a message: the prefix, 128 random bits from the
/// CSPRNG as hex, drawn once per message so no ID the sender chose is likely to collide, and a
/// counter (Foundation's `UUID()` opens `/dev/urandom` on every call on Linux).
final class IDGenerator {
    private let stem: String
    private var count = 0

    /// - Parameter stem: the part every ID shares; random when nil (tests give one, to compare
    ///   two messages byte for byte).
    init(stem: String? = nil) {
        self.stem = stem ?? Self.randomStem()
    }

    private static func randomStem() -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(32)
        for byte in SecureRandom.bytes(16) {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    func next(_ prefix: String) -> String {
        count += 1
        return "\(prefix)-\(stem)-\(count)"
    }

    /// The element's ID (``SignedElementID/existing(of:)``), assigning a wsu:Id when it has none.
    func id(of element: XMLElement) throws -> String {
        if let existing = try SignedElementID.existing(of: element) { return existing }
        let id = next("id")
        element.setAttribute("Id", WSSNamespace.utility, prefix: "wsu", value: id)
        return id
    }
}
