public import XMLCore

/// An `xenc:EncryptedData` read by its schema (XML-Enc §3.4).
public struct EncryptedDataElement {
    public let element: XMLElement
    public let id: String?
    /// What the plaintext replaces; nil for arbitrary octets (no `Type`), which can only be
    /// decrypted to bytes.
    public let type: EncryptedDataType?
    public let algorithm: BlockEncryptionAlgorithm
    public let keyInfo: XMLElement?
    public let cipherValue: [UInt8]

    public init(_ element: XMLElement) throws {
        let xenc = XMLSecurityNamespace.xenc
        guard element.is("EncryptedData", xenc) else {
            throw XMLSecurityError(.malformed, "expected xenc:EncryptedData, found \(element.name)")
        }
        self.element = element
        id = element.attribute("Id")
        if let typeURI = element.attribute("Type") {
            guard let type = EncryptedDataType(rawValue: typeURI) else {
                throw XMLSecurityError(.unsupportedAlgorithm, "unsupported EncryptedData type \(typeURI)")
            }
            self.type = type
        } else {
            type = nil
        }
        guard let method = element.firstChild("EncryptionMethod", xenc), let uri = method.attribute("Algorithm") else {
            throw XMLSecurityError(.malformed, "xenc:EncryptedData lacks EncryptionMethod")
        }
        algorithm = try BlockEncryptionAlgorithm(uri: uri)
        keyInfo = element.firstChild("KeyInfo", XMLSecurityNamespace.ds)
        cipherValue = try CipherData.value(of: element)
    }
}
