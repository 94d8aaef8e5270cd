public import SecurityCore
import SOAP
import Foundation
import SwiftASN1
public import X509
public import XMLCore

/// `wsse:BinarySecurityToken` carrying an X.509 certificate (X509v3) or path (X509PKIPathv1),
/// X.509 Token Profile 1.1 §3.1.
public struct BinarySecurityToken {
    public let element: XMLElement?
    public let id: String?
    public let valueType: String
    /// The certificates, leaf first.
    public let certificates: [Certificate]
    /// The leaf's DER encoding as received.
    public let leafDER: [UInt8]
    /// The leaf as the trust store given when reading parsed it: its trust and key are then
    /// asked for without looking it up again.
    public let knownLeaf: X509TrustStore.KnownCertificate?

    public var leaf: Certificate { certificates[0] }

    /// Reads a token, parsing certificates through `trustStore`'s cache when given.
    public init(element: XMLElement, trustStore: X509TrustStore? = nil) throws {
        self.element = element
        id = element.attribute("Id", WSSNamespace.utility)
        if let encoding = element.attribute("EncodingType"), encoding != WSSURI.base64Binary {
            throw WSSecurityError(.invalidSecurityToken, "unsupported BinarySecurityToken encoding")
        }
        guard let valueType = element.attribute("ValueType") else {
            throw WSSecurityError(.invalidSecurityToken, "the BinarySecurityToken has no ValueType")
        }
        self.valueType = valueType
        let text = element.text
        do {
            if valueType == WSSURI.x509v3, let trustStore {
                guard let known = try trustStore.knownCertificate(base64: text) else {
                    throw WSSecurityError(.invalidSecurityToken, "the BinarySecurityToken is not valid Base64")
                }
                certificates = [known.certificate]
                leafDER = known.der
                knownLeaf = known
                return
            }
            knownLeaf = nil
            guard let der = XMLBase64.decode(text) else {
                throw WSSecurityError(.invalidSecurityToken, "the BinarySecurityToken is not valid Base64")
            }
            switch valueType {
            case WSSURI.x509v3:
                certificates = [try Certificate(derEncoded: der)]
                leafDER = der
            case WSSURI.x509PKIPathv1:
                // PkiPath: SEQUENCE OF Certificate, from the issuer end to the end entity.
                let node = try DER.parse(der)
                let path = try DER.sequence(of: Certificate.self, identifier: .sequence, rootNode: node)
                guard let leaf = path.last else { throw WSSecurityError(.invalidSecurityToken, "an empty X509PKIPathv1") }
                certificates = path.reversed()
                leafDER = try leaf.derBytes
            default:
                throw WSSecurityError(.unsupportedSecurityToken, "unsupported BinarySecurityToken type \(valueType)")
            }
        } catch let error as WSSecurityError {
            throw error
        } catch {
            throw WSSecurityError(.invalidSecurityToken, "the BinarySecurityToken does not hold a valid certificate")
        }
    }

    /// Appends an X509v3 token for `certificate` to `parent` (or before `sibling`).
    @discardableResult
    public static func write(_ certificate: Certificate, into parent: XMLElement, before sibling: XMLElement? = nil, id: String) throws -> XMLElement {
        write(base64DER: XMLBase64.encode(try certificate.derBytes), into: parent, before: sibling, id: id)
    }

    /// Appends an X509v3 token carrying a certificate already encoded (DER in Base64, as
    /// ``CertificateReferenceValues/base64DER``).
    @discardableResult
    public static func write(base64DER: String, into parent: XMLElement, before sibling: XMLElement? = nil, id: String) -> XMLElement {
        let wsse = WSSNamespace.secext
        let element =
            sibling.map { parent.insertChild("BinarySecurityToken", wsse, prefix: "wsse", before: $0) }
            ?? parent.addChild("BinarySecurityToken", wsse, prefix: "wsse")
        element.setAttribute("EncodingType", value: WSSURI.base64Binary)
        element.setAttribute("ValueType", value: WSSURI.x509v3)
        element.setAttribute("Id", WSSNamespace.utility, prefix: "wsu", value: id)
        element.setText(base64DER)
        return element
    }
}
