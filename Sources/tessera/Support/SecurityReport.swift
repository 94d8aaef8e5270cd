import Foundation
import SecurityCore
import SOAP
import WSSecurity
import X509
import XMLCore
import XMLSecurity

/// What a processed Security header proved, as lines for a person to read: the signers, the
/// elements each signature covers (name and Id), the decrypted parts and the Timestamp.
struct SecurityReport {
    let result: SecurityHeaderResult

    var lines: [String] {
        var lines: [String] = []
        if result.signatures.isEmpty { lines.append("signature: none") }
        for signature in result.signatures {
            lines.append("signature: \(signature.verified.algorithm.shortName) by \(Self.describe(signature.token))")
            if case .x509(let certificate, _) = signature.token {
                lines.append("  issuer: \(certificate.issuer)")
                lines.append("  serial: \(Self.hex(certificate.serialNumber.bytes))")
            }
            for reference in signature.verified.references {
                switch reference.target {
                case .wholeDocument:
                    lines.append("  signed: the whole document (URI=\"\(reference.uri)\")")
                case .element(let element):
                    lines.append("  signed: \(Self.describe(element))")
                }
            }
        }
        for decrypted in result.decryptions {
            let what =
                switch decrypted.type {
                case .content: "content of \(Self.describe(decrypted.parent))"
                case .element: decrypted.elements.map(Self.describe).joined(separator: ", ")
                }
            lines.append("decrypted: \(what) (\(decrypted.algorithm.shortName))")
        }
        if let (_, timestamp) = result.timestamp {
            let expires = timestamp.expires.map { ", expires \(XSDDateTime.format($0))" } ?? ""
            lines.append("timestamp: created \(XSDDateTime.format(timestamp.created))\(expires)")
        }
        for token in result.usernameTokens {
            lines.append("username: \(token.token.username)\(token.passwordVerified ? " (password verified)" : " (no password)")")
        }
        return lines
    }

    /// `soap:Body (wsu:Id="Body")`.
    static func describe(_ element: XMLElement) -> String {
        let name = element.prefix.map { "\($0):\(element.localName)" } ?? element.localName
        if let id = element.attribute("Id", WSSNamespace.utility) { return "\(name) (wsu:Id=\"\(id)\")" }
        if let id = element.attribute("Id") ?? element.attribute("ID") { return "\(name) (Id=\"\(id)\")" }
        return name
    }

    static func describe(_ token: SecurityToken) -> String {
        switch token {
        case .x509(let certificate, _): "\(certificate.subject)"
        case .encryptedKey(let id): "the key of EncryptedKey \(id ?? "(no Id)")"
        case .external(let kind, let identifier): "\(kind) \(identifier)"
        case .samlAssertion(let id, let key): "the holder-of-key \(key.subject) of SAML assertion \(id)"
        }
    }

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { String(format: "%02X", $0) }.joined()
    }
}
