public import TesseraCrypto
public import XMLCore

extension KeyInfo {
    /// Appends a `ds:KeyValue` naming `key` to `keyInfo` (a `ds:KeyInfo`): `ds:RSAKeyValue`
    /// (XML-DSig §4.5.2.2) for RSA, `dsig11:ECKeyValue` with a named curve (XML-DSig 1.1
    /// §4.5.2.3) for EC. The form ``KeyInfo`` reads back as ``Item/keyValue(_:)``.
    @discardableResult
    public static func writeKeyValue(_ key: PublicKey, into keyInfo: XMLElement) -> XMLElement {
        let ds = XMLSecurityNamespace.ds, dsig11 = XMLSecurityNamespace.dsig11
        let keyValue = keyInfo.addChild("KeyValue", ds, prefix: "ds")
        if let (modulus, exponent) = key.rsaComponents {
            let rsa = keyValue.addChild("RSAKeyValue", ds, prefix: "ds")
            rsa.addChild("Modulus", ds, prefix: "ds").setText(Base64.encode(modulus))
            rsa.addChild("Exponent", ds, prefix: "ds").setText(Base64.encode(exponent))
        } else if case .ec(let curve) = key.keyType, let point = key.x962Point,
            let uri = namedCurves.first(where: { $0.value == curve })?.key
        {
            let ec = keyValue.addChild("ECKeyValue", dsig11, prefix: "dsig11")
            ec.addChild("NamedCurve", dsig11, prefix: "dsig11").setAttribute("URI", value: uri)
            ec.addChild("PublicKey", dsig11, prefix: "dsig11").setText(Base64.encode(point))
        }
        return keyValue
    }
}
