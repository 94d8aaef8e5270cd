import TesseraCrypto

/// Keys generated once per test process.
enum TestKeys {
    static let rsa: PrivateKey = try! PrivateKey.generateRSA(bits: 2048)
    static let otherRSA: PrivateKey = try! PrivateKey.generateRSA(bits: 2048)
    static let p256: PrivateKey = PrivateKey.generateEC(.p256)
    static let hmac: [UInt8] = Array("a shared secret of twenty+ bytes".utf8)
}

/// A SOAP 1.1 envelope shaped like WS-Security messages: a Timestamp in the Security header
/// and a Body with a wsu:Id.
enum SampleEnvelope {
    static let wsu = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
    static let text = """
        <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:wsu="\(wsu)">\
        <soap:Header><wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd">\
        <wsu:Timestamp wsu:Id="ts"><wsu:Created>2026-11-21T10:00:00Z</wsu:Created></wsu:Timestamp></wsse:Security>\
        <Other xmlns="urn:other">unsigned</Other></soap:Header>\
        <soap:Body wsu:Id="body"><m:hello xmlns:m="urn:example"><m:name>jdoe</m:name><!-- c --></m:hello></soap:Body>\
        </soap:Envelope>
        """
}
