public import TesseraCrypto
public import X509
import XMLCore
import XMLSecurity

/// The key a holder-of-key subject must prove possession of, as a `ds:KeyInfo` carries it
/// (SAML 2.0 core §2.4.1.3 KeyInfoConfirmationDataType; SAML 1.1 core §2.4.2.3; WS-Trust 1.3
/// §4.4.3 proof keys): the subject's certificate, or a symmetric proof key encrypted for the
/// relying party, or a bare public key.
public enum SAMLConfirmationKey: Hashable, Sendable {
    /// `ds:X509Data/ds:X509Certificate`: the subject proves possession of this certificate's key.
    case certificate(Certificate)
    /// `xenc:EncryptedKey`: a symmetric proof key only the relying party can decrypt.
    case encryptedKey(SAMLEncryptedKey)
    /// `ds:KeyValue`: the subject proves possession of this public key's private half
    /// (WS-Trust 1.3 §4.4.3 PublicKey with a key that has no certificate).
    case keyValue(PublicKey)

    public static func == (lhs: Self, rhs: Self) -> Bool {
        switch (lhs, rhs) {
        case (.certificate(let a), .certificate(let b)): a == b
        case (.encryptedKey(let a), .encryptedKey(let b)): a == b
        case (.keyValue(let a), .keyValue(let b)): a.subjectPublicKeyInfoDER == b.subjectPublicKeyInfoDER
        default: false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .certificate(let certificate): hasher.combine(certificate)
        case .encryptedKey(let key): hasher.combine(key)
        case .keyValue(let key): hasher.combine(key.subjectPublicKeyInfoDER)
        }
    }

    /// Reads one `ds:KeyInfo`. Refuses KeyInfo forms other than a certificate, an EncryptedKey
    /// or a KeyValue.
    init(keyInfo element: XMLElement) throws {
        let keyInfo: KeyInfo
        do {
            keyInfo = try KeyInfo(element)
        } catch {
            throw SAMLError(.malformed, "a confirmation KeyInfo is malformed")
        }
        for item in keyInfo.items {
            switch item {
            case .x509Data(let data):
                guard let der = data.certificates.first else { continue }
                do {
                    self = .certificate(try Certificate(derEncoded: der))
                } catch {
                    throw SAMLError(.malformed, "a confirmation X509Certificate is not a valid certificate")
                }
                return
            case .encryptedKey(let encryptedKey):
                self = .encryptedKey(try SAMLEncryptedKey(element: encryptedKey))
                return
            case .keyValue(let key):
                self = .keyValue(key)
                return
            default:
                continue
            }
        }
        throw SAMLError(.unsupported, "a confirmation KeyInfo holds no certificate, EncryptedKey or KeyValue")
    }

    /// Writes a `ds:KeyInfo` into `parent`.
    @discardableResult
    func write(into parent: XMLElement) throws -> XMLElement {
        let ds = XMLSecurityNamespace.ds
        let keyInfo = parent.addChild("KeyInfo", ds, prefix: "ds")
        switch self {
        case .certificate(let certificate):
            try SAMLConfirmationKey.writeX509Certificate(certificate, into: keyInfo)
        case .encryptedKey(let encryptedKey):
            encryptedKey.write(into: keyInfo)
        case .keyValue(let key):
            KeyInfo.writeKeyValue(key, into: keyInfo)
        }
        return keyInfo
    }

    /// Writes `ds:X509Data/ds:X509Certificate` into a `ds:KeyInfo`.
    static func writeX509Certificate(_ certificate: Certificate, into keyInfo: XMLElement) throws {
        let ds = XMLSecurityNamespace.ds
        let der: [UInt8]
        do {
            der = try certificate.derBytes
        } catch {
            throw SAMLError(.malformed, "the certificate could not be encoded")
        }
        keyInfo.addChild("X509Data", ds, prefix: "ds").addChild("X509Certificate", ds, prefix: "ds")
            .setText(base64(der))
    }
}
