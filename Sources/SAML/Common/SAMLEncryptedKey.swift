public import TesseraCrypto
public import X509
import XMLCore
public import XMLSecurity

/// A symmetric proof key encrypted for a relying party, as the `xenc:EncryptedKey` inside a
/// holder-of-key confirmation's `ds:KeyInfo` carries it (WS-Trust 1.3 §4.4.3, SAML 2.0 core
/// §2.4.1.3, XML-Enc §3.5.1). The value holds the ciphertext, never the key.
public struct SAMLEncryptedKey: Hashable, Sendable {
    /// RSA-OAEP key transport (RSA v1.5 is never produced and refused on decryption unless a
    /// decryption policy enables it).
    public var transport: KeyTransportAlgorithm
    /// The encrypted key.
    public var cipherValue: [UInt8]
    /// The certificate whose key encrypted it (`ds:KeyInfo/ds:X509Data` of the EncryptedKey), if named.
    public var recipient: Certificate?

    public init(transport: KeyTransportAlgorithm, cipherValue: [UInt8], recipient: Certificate?) {
        self.transport = transport
        self.cipherValue = cipherValue
        self.recipient = recipient
    }

    /// Encrypts `key` for `recipient`'s RSA key.
    public static func encrypting(
        _ key: [UInt8], for recipient: Certificate, transport: KeyTransportAlgorithm = .rsaOAEPSHA1
    ) throws -> SAMLEncryptedKey {
        guard case .rsaOAEP(let digest, let mgf1, _) = transport else {
            throw SAMLError(.encryptionFailed, "proof keys are transported with RSA-OAEP only")
        }
        do {
            let publicKey = try PublicKey(certificate: recipient)
            let cipherValue = try publicKey.encryptOAEP(key, digest: digest.algorithm, mgf1: mgf1, label: nil)
            return SAMLEncryptedKey(transport: transport, cipherValue: cipherValue, recipient: recipient)
        } catch {
            throw SAMLError(.encryptionFailed, "the proof key could not be encrypted for the recipient")
        }
    }

    /// Recovers the proof key with the relying party's private key, through ``XMLDecryptor`` and
    /// its policy (key size, RSA v1.5 refusal). `keyLength` is the expected key length in bytes.
    /// Every failure is the same ``SAMLError/Code/decryptionFailed``.
    public func decrypt(with privateKey: PrivateKey, keyLength: Int, policy: DecryptionPolicy = .default) throws -> [UInt8] {
        let scratch = XMLDocument(rootLocalName: "KeyInfo", namespace: XMLSecurityNamespace.ds, prefix: "ds")
        let element = write(into: scratch.root)
        do {
            let parsed = try EncryptedKeyElement(element)
            return try XMLDecryptor(policy: policy).decryptKey(parsed, privateKey: privateKey, keyLength: keyLength)
        } catch {
            throw SAMLError.decryptionFailed
        }
    }

    /// Reads an `xenc:EncryptedKey`.
    init(element: XMLElement) throws {
        let parsed: EncryptedKeyElement
        do {
            parsed = try EncryptedKeyElement(element)
        } catch let error as XMLSecurityError where error.code == .unsupportedAlgorithm {
            throw SAMLError(.unsupported, "the proof key's transport algorithm is not supported")
        } catch {
            throw SAMLError(.malformed, "a proof key EncryptedKey is malformed")
        }
        guard parsed.oaepLabel == nil else {
            throw SAMLError(.unsupported, "OAEP parameters on a proof key are not supported")
        }
        transport = parsed.transport
        cipherValue = parsed.cipherValue
        recipient = try parsed.keyInfo.flatMap { keyInfo -> Certificate? in
            guard let der = (try? KeyInfo(keyInfo))?.x509Data?.certificates.first else { return nil }
            do {
                return try Certificate(derEncoded: der)
            } catch {
                throw SAMLError(.malformed, "the proof key's recipient certificate is not valid")
            }
        }
    }

    /// Writes the `xenc:EncryptedKey` into `parent` (XML-Enc §3.5.1 element order).
    @discardableResult
    func write(into parent: XMLElement) -> XMLElement {
        let xenc = XMLSecurityNamespace.xenc, ds = XMLSecurityNamespace.ds
        let encryptedKey = parent.addChild("EncryptedKey", xenc, prefix: "xenc")
        let method = encryptedKey.addChild("EncryptionMethod", xenc, prefix: "xenc")
        method.setAttribute("Algorithm", value: transport.uri)
        if case .rsaOAEP(let digest, let mgf1, let xmlEnc11) = transport {
            if digest != .sha1 || xmlEnc11 {
                method.addChild("DigestMethod", ds, prefix: "ds").setAttribute("Algorithm", value: digest.uri)
            }
            if xmlEnc11, mgf1 != .sha1 {
                method.addChild("MGF", XMLSecurityNamespace.xenc11, prefix: "xenc11")
                    .setAttribute("Algorithm", value: "http://www.w3.org/2009/xmlenc11#mgf1" + mgf1.xmlEnc11Name)
            }
        }
        if let recipient, let der = try? recipient.derBytes {
            encryptedKey.addChild("KeyInfo", ds, prefix: "ds").addChild("X509Data", ds, prefix: "ds")
                .addChild("X509Certificate", ds, prefix: "ds").setText(base64(der))
        }
        encryptedKey.addChild("CipherData", xenc, prefix: "xenc")
            .addChild("CipherValue", xenc, prefix: "xenc").setText(base64(cipherValue))
        return encryptedKey
    }
}

private extension DigestAlgorithm {
    /// The suffix of the XML-Enc 1.1 MGF1 URIs (`mgf1sha256`...).
    var xmlEnc11Name: String {
        switch self {
        case .sha1: "sha1"
        case .sha224: "sha224"
        case .sha256: "sha256"
        case .sha384: "sha384"
        case .sha512: "sha512"
        }
    }
}
