public import TesseraCrypto
public import XMLCore

/// Encrypts elements or element content in place and builds `xenc:EncryptedKey` elements.
public struct XMLEncryptor: Sendable {
    public var algorithm: BlockEncryptionAlgorithm

    public init(algorithm: BlockEncryptionAlgorithm) {
        self.algorithm = algorithm
    }

    /// Replaces `element` (type `.element`) or its children (type `.content`) by an
    /// `xenc:EncryptedData` encrypted under `key`, and returns the EncryptedData.
    @discardableResult
    public func encrypt(
        _ element: XMLElement,
        type: EncryptedDataType,
        key: [UInt8],
        id: String? = nil,
        keyInfo: ((XMLElement) throws -> Void)? = nil
    ) throws -> XMLElement {
        let document = element.document
        let plaintext: [UInt8]
        let encryptedData: XMLElement
        let xenc = XMLSecurityNamespace.xenc
        switch type {
        case .element:
            guard let parent = element.parent else {
                throw XMLSecurityError(.encryptionFailed, "the document element cannot be encrypted in place")
            }
            plaintext = document.serialize(element)
            encryptedData = parent.insertChild("EncryptedData", xenc, prefix: "xenc", before: element)
            element.remove()
        case .content:
            plaintext = document.serializeContent(of: element)
            element.removeAllChildren()
            encryptedData = element.addChild("EncryptedData", xenc, prefix: "xenc")
        }
        if let id { encryptedData.setAttribute("Id", value: id) }
        encryptedData.setAttribute("Type", value: type.rawValue)
        encryptedData.addChild("EncryptionMethod", xenc, prefix: "xenc").setAttribute("Algorithm", value: algorithm.uri)
        if let keyInfo {
            try keyInfo(encryptedData.addChild("KeyInfo", XMLSecurityNamespace.ds, prefix: "ds"))
        }
        let ciphertext = try algorithm.encrypt(plaintext, key: key)
        encryptedData.addChild("CipherData", xenc, prefix: "xenc").addTextChild("CipherValue", text: Base64.encode(ciphertext))
        return encryptedData
    }

    /// A fresh random key for ``algorithm``.
    public func generateKey() -> [UInt8] {
        SecureRandom.bytes(algorithm.keyLength)
    }

    /// Inserts an `xenc:EncryptedKey` carrying `key` into `parent` (before `sibling`, or last).
    /// RSA transports encrypt under `recipient`; key wrap uses `kek`. `dataReferences` fills
    /// the ReferenceList with `#id` URIs.
    @discardableResult
    public static func addEncryptedKey(
        _ key: [UInt8],
        transport: KeyTransportAlgorithm,
        recipient: PublicKey? = nil,
        kek: [UInt8]? = nil,
        in parent: XMLElement,
        before sibling: XMLElement? = nil,
        id: String? = nil,
        dataReferences: [String] = [],
        keyInfo: ((XMLElement) throws -> Void)? = nil
    ) throws -> XMLElement {
        let xenc = XMLSecurityNamespace.xenc
        let cipherValue: [UInt8]
        switch (transport, recipient, kek) {
        case (.rsaOAEP(let digest, let mgf1, _), .some(let publicKey), _):
            cipherValue = try publicKey.encryptOAEP(key, digest: digest.algorithm, mgf1: mgf1, label: nil)
        case (.aesKeyWrap(let length), _, .some(let kek)) where kek.count == length:
            cipherValue = try AESKeyWrap.wrap(key, kek: kek)
        case (.rsa15, _, _):
            throw XMLSecurityError(.unsupportedAlgorithm, "RSA v1.5 key transport is never produced")
        default:
            throw XMLSecurityError(.keyMismatch, "the key does not fit \(transport.uri)")
        }
        let encryptedKey =
            sibling.map { parent.insertChild("EncryptedKey", xenc, prefix: "xenc", before: $0) }
            ?? parent.addChild("EncryptedKey", xenc, prefix: "xenc")
        try fill(encryptedKey, transport: transport, cipherValue: cipherValue, id: id, dataReferences: dataReferences, keyInfo: keyInfo)
        return encryptedKey
    }

    private static func fill(
        _ encryptedKey: XMLElement, transport: KeyTransportAlgorithm, cipherValue: [UInt8], id: String?, dataReferences: [String],
        keyInfo: ((XMLElement) throws -> Void)?
    ) throws {
        let xenc = XMLSecurityNamespace.xenc
        if let id { encryptedKey.setAttribute("Id", value: id) }
        let method = encryptedKey.addChild("EncryptionMethod", xenc, prefix: "xenc")
        method.setAttribute("Algorithm", value: transport.uri)
        if case .rsaOAEP(let digest, let mgf1, let xmlEnc11) = transport {
            if digest != .sha1 || xmlEnc11 {
                method.addChild("DigestMethod", XMLSecurityNamespace.ds, prefix: "ds").setAttribute("Algorithm", value: digest.uri)
            }
            if xmlEnc11, mgf1 != .sha1, let mgfURI = KeyTransportAlgorithm.mgfURIs[mgf1] {
                method.addChild("MGF", XMLSecurityNamespace.xenc11, prefix: "xenc11").setAttribute("Algorithm", value: mgfURI)
            }
        }
        if let keyInfo {
            try keyInfo(encryptedKey.addChild("KeyInfo", XMLSecurityNamespace.ds, prefix: "ds"))
        }
        encryptedKey.addChild("CipherData", xenc, prefix: "xenc").addTextChild("CipherValue", text: Base64.encode(cipherValue))
        if !dataReferences.isEmpty {
            let list = encryptedKey.addChild("ReferenceList", xenc, prefix: "xenc")
            for uri in dataReferences {
                list.addChild("DataReference", xenc, prefix: "xenc").setAttribute("URI", value: uri)
            }
        }
    }
}
