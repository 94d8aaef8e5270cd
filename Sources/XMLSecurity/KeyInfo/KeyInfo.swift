public import TesseraCrypto
public import XMLCore

/// The content of a `ds:KeyInfo` (XML-DSig §4.5), read but not trusted: deciding whether a
/// key or certificate is acceptable is the caller's job.
public struct KeyInfo {
    /// One child of KeyInfo.
    public enum Item {
        case x509Data(X509Data)
        /// A bare public key (ds:RSAKeyValue, dsig11:ECKeyValue or dsig11:DEREncodedKeyValue).
        case keyValue(PublicKey)
        case keyName(String)
        /// A WS-Security `wsse:SecurityTokenReference`, resolved by the WS-Security layer.
        case securityTokenReference(XMLElement)
        /// An `xenc:EncryptedKey` carrying the key.
        case encryptedKey(XMLElement)
        /// `dsig11:KeyInfoReference` to another KeyInfo in the document.
        case keyInfoReference(uri: String)
        /// Anything else, left to the caller (RetrievalMethod, PGPData, ...).
        case unsupported(QName)
    }

    /// The content of a `ds:X509Data`.
    public struct X509Data {
        /// DER certificates, in document order.
        public var certificates: [[UInt8]] = []
        public var issuerSerials: [(issuerName: String, serialNumber: String)] = []
        public var subjectKeyIdentifiers: [[UInt8]] = []
        public var subjectNames: [String] = []
        /// dsig11:X509Digest values.
        public var digests: [(method: DigestMethod, value: [UInt8])] = []
    }

    public let element: XMLElement
    public let items: [Item]

    public init(_ element: XMLElement) throws {
        guard element.is("KeyInfo", XMLSecurityNamespace.ds) else {
            throw XMLSecurityError(.malformed, "expected ds:KeyInfo, found \(element.name)")
        }
        self.element = element
        items = try element.children.map(Self.item)
    }

    /// The first bare public key, if any.
    public var keyValue: PublicKey? {
        items.lazy.compactMap { if case .keyValue(let key) = $0 { key } else { nil } }.first
    }

    /// All X509Data items merged.
    public var x509Data: X509Data? {
        let all = items.compactMap { if case .x509Data(let data) = $0 { data } else { nil } }
        guard !all.isEmpty else { return nil }
        return all.dropFirst().reduce(into: all[0]) { merged, data in
            merged.certificates += data.certificates
            merged.issuerSerials += data.issuerSerials
            merged.subjectKeyIdentifiers += data.subjectKeyIdentifiers
            merged.subjectNames += data.subjectNames
            merged.digests += data.digests
        }
    }

    /// The first SecurityTokenReference, if any.
    public var securityTokenReference: XMLElement? {
        items.lazy.compactMap { if case .securityTokenReference(let str) = $0 { str } else { nil } }.first
    }

    private static let wsse = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"

    private static func item(_ child: XMLElement) throws -> Item {
        let ds = XMLSecurityNamespace.ds, dsig11 = XMLSecurityNamespace.dsig11
        switch (child.namespaceURI, child.localName) {
        case (ds, "X509Data"): return .x509Data(try x509Data(child))
        case (ds, "KeyValue"): return .keyValue(try keyValue(child))
        case (ds, "KeyName"): return .keyName(child.trimmedText)
        case (wsse, "SecurityTokenReference"): return .securityTokenReference(child)
        case (XMLSecurityNamespace.xenc, "EncryptedKey"): return .encryptedKey(child)
        case (dsig11, "DEREncodedKeyValue"):
            do {
                return .keyValue(try PublicKey(subjectPublicKeyInfoDER: try Base64.decode(child.text, what: "DEREncodedKeyValue")))
            } catch let error as XMLSecurityError {
                throw error
            } catch {
                throw XMLSecurityError(.malformed, "DEREncodedKeyValue is not a supported public key")
            }
        case (dsig11, "KeyInfoReference"):
            guard let uri = child.attribute("URI") else { throw XMLSecurityError(.malformed, "KeyInfoReference lacks URI") }
            return .keyInfoReference(uri: uri)
        default: return .unsupported(child.name)
        }
    }

    private static func x509Data(_ element: XMLElement) throws -> X509Data {
        let ds = XMLSecurityNamespace.ds
        var data = X509Data()
        for child in element.children {
            switch (child.namespaceURI, child.localName) {
            case (ds, "X509Certificate"):
                data.certificates.append(try Base64.decode(child.text, what: "X509Certificate"))
            case (ds, "X509IssuerSerial"):
                guard let name = child.firstChild("X509IssuerName", ds)?.trimmedText,
                    let serial = child.firstChild("X509SerialNumber", ds)?.trimmedText
                else {
                    throw XMLSecurityError(.malformed, "X509IssuerSerial needs X509IssuerName and X509SerialNumber")
                }
                data.issuerSerials.append((name, serial))
            case (ds, "X509SKI"):
                data.subjectKeyIdentifiers.append(try Base64.decode(child.text, what: "X509SKI"))
            case (ds, "X509SubjectName"):
                data.subjectNames.append(child.trimmedText)
            case (XMLSecurityNamespace.dsig11, "X509Digest"):
                guard let algorithm = child.attribute("Algorithm") else {
                    throw XMLSecurityError(.malformed, "X509Digest lacks Algorithm")
                }
                data.digests.append((try DigestMethod(uri: algorithm), try Base64.decode(child.text, what: "X509Digest")))
            default:
                continue
            }
        }
        return data
    }

    private static func keyValue(_ element: XMLElement) throws -> PublicKey {
        let ds = XMLSecurityNamespace.ds
        if let rsa = element.firstChild("RSAKeyValue", ds) {
            guard let modulus = rsa.firstChild("Modulus", ds), let exponent = rsa.firstChild("Exponent", ds) else {
                throw XMLSecurityError(.malformed, "RSAKeyValue needs Modulus and Exponent")
            }
            do {
                return try PublicKey.rsa(
                    modulus: try Base64.decode(modulus.text, what: "Modulus"),
                    exponent: try Base64.decode(exponent.text, what: "Exponent"))
            } catch let error as XMLSecurityError {
                throw error
            } catch {
                throw XMLSecurityError(.malformed, "RSAKeyValue is not a valid RSA key")
            }
        }
        if let ec = element.firstChild("ECKeyValue", XMLSecurityNamespace.dsig11) {
            guard let curveURI = ec.firstChild("NamedCurve", XMLSecurityNamespace.dsig11)?.attribute("URI"),
                let point = ec.firstChild("PublicKey", XMLSecurityNamespace.dsig11)
            else {
                throw XMLSecurityError(.malformed, "ECKeyValue needs NamedCurve and PublicKey")
            }
            guard let curve = namedCurves[curveURI.trimmingXMLWhitespace()] else {
                throw XMLSecurityError(.unsupportedAlgorithm, "unsupported curve \(curveURI)")
            }
            do {
                return try PublicKey.ec(curve: curve, x962Point: try Base64.decode(point.text, what: "PublicKey"))
            } catch let error as XMLSecurityError {
                throw error
            } catch {
                throw XMLSecurityError(.malformed, "ECKeyValue is not a valid point on \(curveURI)")
            }
        }
        throw XMLSecurityError(.unsupportedAlgorithm, "unsupported KeyValue (only RSA and EC keys are accepted)")
    }

    /// RFC 4055 / XML-DSig 1.1 §4.5.2.3 curve OIDs.
    static let namedCurves: [String: ECCurve] = [
        "urn:oid:1.2.840.10045.3.1.7": .p256,
        "urn:oid:1.3.132.0.34": .p384,
        "urn:oid:1.3.132.0.35": .p521,
    ]
}
