import TesseraCrypto
public import XMLCore

/// An `xenc:EncryptedKey` read by its schema (XML-Enc §3.5.1): EncryptionMethod, optional
/// KeyInfo, CipherData/CipherValue, optional ReferenceList and CarriedKeyName.
public struct EncryptedKeyElement {
    public let element: XMLElement
    public let id: String?
    public let transport: KeyTransportAlgorithm
    public let oaepLabel: [UInt8]?
    public let keyInfo: XMLElement?
    public let cipherValue: [UInt8]
    /// The `#id` URIs of the EncryptedData elements this key decrypts (the ReferenceList).
    public let dataReferences: [String]

    public init(_ element: XMLElement) throws {
        let xenc = XMLSecurityNamespace.xenc
        guard element.is("EncryptedKey", xenc) else {
            throw XMLSecurityError(.malformed, "expected xenc:EncryptedKey, found \(element.name)")
        }
        self.element = element
        id = element.attribute("Id")
        guard let method = element.firstChild("EncryptionMethod", xenc), let algorithm = method.attribute("Algorithm") else {
            throw XMLSecurityError(.malformed, "xenc:EncryptedKey lacks EncryptionMethod")
        }
        (transport, oaepLabel) = try Self.transport(algorithm, method: method)
        keyInfo = element.firstChild("KeyInfo", XMLSecurityNamespace.ds)
        cipherValue = try CipherData.value(of: element)
        dataReferences =
            element.firstChild("ReferenceList", xenc)?.children("DataReference", xenc)
            .compactMap { $0.attribute("URI") } ?? []
    }

    private static func transport(_ uri: String, method: XMLElement) throws -> (KeyTransportAlgorithm, [UInt8]?) {
        let label = try method.firstChild("OAEPparams", XMLSecurityNamespace.xenc).map { try Base64.decode($0.text, what: "OAEPparams") }
        switch uri {
        case KeyTransportAlgorithm.rsaOAEPMGF1P, KeyTransportAlgorithm.rsaOAEP11:
            let digest =
                try method.firstChild("DigestMethod", XMLSecurityNamespace.ds)?.attribute("Algorithm")
                .map(DigestMethod.init(uri:)) ?? .sha1
            var mgf: DigestAlgorithm = .sha1
            if uri == KeyTransportAlgorithm.rsaOAEP11, let mgfURI = method.firstChild("MGF", XMLSecurityNamespace.xenc11)?.attribute("Algorithm") {
                guard let found = KeyTransportAlgorithm.mgfURIs.first(where: { $0.value == mgfURI })?.key else {
                    throw XMLSecurityError(.unsupportedAlgorithm, "unsupported mask generation function \(mgfURI)")
                }
                mgf = found
            }
            return (.rsaOAEP(digest: digest, mgf1: mgf, xmlEnc11: uri == KeyTransportAlgorithm.rsaOAEP11), label)
        case KeyTransportAlgorithm.rsa15URI:
            return (.rsa15, nil)
        default:
            if let length = KeyTransportAlgorithm.keyWrapURIs.first(where: { $0.value == uri })?.key {
                return (.aesKeyWrap(kekLength: length), nil)
            }
            throw XMLSecurityError(.unsupportedAlgorithm, "unsupported key transport algorithm \(uri)")
        }
    }
}

/// Reads `xenc:CipherData/xenc:CipherValue`; CipherReference is refused (no fetching).
enum CipherData {
    static func value(of element: XMLElement) throws -> [UInt8] {
        let xenc = XMLSecurityNamespace.xenc
        guard let cipherData = element.firstChild("CipherData", xenc) else {
            throw XMLSecurityError(.malformed, "\(element.name) lacks CipherData")
        }
        guard let value = cipherData.firstChild("CipherValue", xenc) else {
            if cipherData.firstChild("CipherReference", xenc) != nil {
                throw XMLSecurityError(.unsupportedReference, "CipherReference is not supported")
            }
            throw XMLSecurityError(.malformed, "CipherData lacks CipherValue")
        }
        guard let bytes = XMLBase64.decode(textOf: value) else {
            throw XMLSecurityError(.malformed, "CipherValue is not valid Base64")
        }
        return bytes
    }
}
