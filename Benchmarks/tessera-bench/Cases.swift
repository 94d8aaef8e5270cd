import Foundation
import SecurityCore
import SOAP
import TesseraCrypto
import WSSecurity
import X509
import XMLCore
import XMLSecurity

/// The inputs every case shares, prepared once: keys from the test PKI, a ≈2 KB SOAP 1.1
/// envelope, and pre-signed / pre-encrypted copies for the inbound cases.
struct BenchmarkInputs {
    /// 2025-06-01T12:00:00Z: inside the test PKI's validity; every clock is pinned to it.
    static let signingTime = Date(timeIntervalSince1970: 1_748_779_200)
    static let verificationTime = signingTime.addingTimeInterval(60)

    let gateway: X509Credential
    let ca: Certificate
    /// The envelope with a Timestamp (`TS-1`) and a Body (`Body`) of ≈2 KB in all.
    let envelope: [UInt8]
    /// The same without Security header: the input of the outbound WS-Security path.
    let unsecuredEnvelope: [UInt8]
    let hmacKey = [UInt8](repeating: 0x5A, count: 20)
    let aesKey = [UInt8](repeating: 0xA5, count: 16)
    let twoKilobytes = [UInt8]((0..<2048).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })

    init(fixtures: URL) throws {
        func read(_ name: String) throws -> String {
            try String(contentsOf: fixtures.appendingPathComponent(name), encoding: .utf8)
        }
        let certificate = try Certificate(pemEncoded: try read("gateway.cert.pem"))
        gateway = X509Credential(privateKey: try PrivateKey(pemRepresentation: try read("gateway.key.pem")), certificate: certificate)
        ca = try Certificate(pemEncoded: try read("ca.cert.pem"))
        envelope = Array(Self.makeEnvelope(timestamp: true).utf8)
        unsecuredEnvelope = Array(Self.makeEnvelope(timestamp: false).utf8)
    }

    /// A quote request whose payload brings the envelope with Timestamp to about 2048 bytes.
    static func makeEnvelope(timestamp: Bool, targetBytes: Int = 2048) -> String {
        func build(_ items: Int) -> String {
            let quotes = (0..<items).map { index in
                "<q:Quote><q:Symbol>SYM\(String(format: "%03d", index))</q:Symbol><q:Price currency=\"USD\">\(100 + index).25</q:Price></q:Quote>"
            }.joined(separator: "\n      ")
            let security =
                timestamp
                ? """
                <wsse:Security soap:mustUnderstand="1">
                      <wsu:Timestamp wsu:Id="TS-1"><wsu:Created>2025-06-01T12:00:00Z</wsu:Created><wsu:Expires>2025-06-01T12:05:00Z</wsu:Expires></wsu:Timestamp>
                    </wsse:Security>
                """ : ""
            return """
                <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd" xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd">
                  <soap:Header>
                    \(security)
                  </soap:Header>
                  <soap:Body wsu:Id="Body">
                    <q:GetQuotes xmlns:q="urn:example:quotes">
                      \(quotes)
                    </q:GetQuotes>
                  </soap:Body>
                </soap:Envelope>
                """
        }
        var items = 1
        while build(items + 1).utf8.count <= targetBytes { items += 1 }
        return build(items)
    }

    // MARK: Pre-secured inputs

    func wssSignedEnvelope() throws -> [UInt8] {
        let envelope = try SOAPEnvelope(parsing: unsecuredEnvelope)
        try wssBuilder().secure(envelope)
        return envelope.serialize()
    }

    func wssBuilder() -> SecurityHeaderBuilder {
        var builder = SecurityHeaderBuilder()
        builder.clock = .fixed(Self.signingTime)
        builder.timestampLifetime = 300
        var options = SecurityHeaderBuilder.SignatureOptions(credential: gateway)
        options.algorithm = .rsaSHA256
        options.keyReference = .binarySecurityToken
        options.parts = [.body, .timestamp]
        builder.signature = options
        return builder
    }

    func hmacSignedEnvelope() throws -> [UInt8] {
        let envelope = try SOAPEnvelope(parsing: self.envelope)
        try hmacSign(envelope)
        return envelope.serialize()
    }

    /// HMAC-SHA1 over Body and Timestamp with SHA-1 digests (the WS-SecurityPolicy Basic128/256
    /// symmetric suites), placed in the Security header.
    func hmacSign(_ envelope: SOAPEnvelope) throws {
        guard let security = try envelope.securityHeader() else { throw BenchmarkError.noSecurityHeader }
        let builder = SignatureBuilder(
            algorithm: .hmacSHA1,
            references: [
                .init(uri: "#Body", digestMethod: .sha1), .init(uri: "#TS-1", digestMethod: .sha1),
            ])
        try builder.sign(in: security, key: .secret(hmacKey))
    }

    func aesEncryptedEnvelope() throws -> [UInt8] {
        let envelope = try SOAPEnvelope(parsing: self.envelope)
        try XMLEncryptor(algorithm: .aes128CBC).encrypt(envelope.body, type: .content, key: aesKey, id: "ED-1")
        return envelope.serialize()
    }
}

enum BenchmarkError: Error {
    case noSecurityHeader
    case noSignature
    case noEncryptedData
    case verificationFailed
    case poolExhausted
}

extension SOAPEnvelope {
    /// The `ds:Signature` in the Security header.
    func signatureElement() throws -> XMLElement {
        guard let signature = try securityHeader()?.firstChild("Signature", XMLSecurityNamespace.ds) else {
            throw BenchmarkError.noSignature
        }
        return signature
    }
}

/// Every case, in report order.
func makeCases(_ inputs: BenchmarkInputs) throws -> [BenchmarkCase] {
    let key = inputs.gateway.privateKey
    let publicKey = key.publicKey
    let digestInput = [UInt8](repeating: 0x42, count: 32)
    let rsaSignature = try key.signRSA(digestInput, digest: .sha256, padding: .pkcs1v15)

    let wssSigned = try inputs.wssSignedEnvelope()
    var inbound = InboundSecurityConfiguration(trustStore: X509TrustStore(anchors: [inputs.ca]))
    inbound.clock = .fixed(BenchmarkInputs.verificationTime)
    // Every iteration verifies the same message: with replay detection on, all but the first
    // would be refused as replays. Off for the benchmark only.
    inbound.detectReplayedSignatures = false
    let engine = WSSecurityEngine(configuration: inbound)

    let hmacSigned = try inputs.hmacSignedEnvelope()
    let aesEncrypted = try inputs.aesEncryptedEnvelope()
    let wssBuilder = inputs.wssBuilder()

    return [
        BenchmarkCase(name: "openssl-rsa2048-sign", detail: "PrivateKey.signRSA, SHA-256 PKCS#1 v1.5, 32-byte message") {
            blackHole(try key.signRSA(digestInput, digest: .sha256, padding: .pkcs1v15))
        },
        BenchmarkCase(name: "openssl-rsa2048-verify", detail: "PublicKey.isValidRSASignature of the same") {
            guard publicKey.isValidRSASignature(rsaSignature, for: digestInput, digest: .sha256, padding: .pkcs1v15) else {
                throw BenchmarkError.verificationFailed
            }
        },
        BenchmarkCase(name: "hmac-sha1-2k", detail: "HMACFunction SHA-1 over 2048 bytes") {
            blackHole(HMACFunction.authenticationCode(for: inputs.twoKilobytes, key: inputs.hmacKey, digest: .sha1))
        },
        BenchmarkCase(name: "aes128cbc-2k", detail: "AESCBC.encrypt + decrypt of 2048 bytes (random IV and padding)") {
            let ciphertext = try AESCBC.encrypt(inputs.twoKilobytes, key: inputs.aesKey)
            blackHole(try AESCBC.decrypt(ciphertext, key: inputs.aesKey))
        },
        BenchmarkCase(name: "xml-parse-envelope", detail: "SOAPEnvelope(parsing:) of the 2 KB envelope (baseline)") {
            blackHole(try SOAPEnvelope(parsing: inputs.envelope))
        },
        BenchmarkCase(name: "wss-sign-envelope", detail: "parse, SecurityHeaderBuilder (Timestamp+BST+RSA-SHA256 over Body, Timestamp), serialize") {
            let envelope = try SOAPEnvelope(parsing: inputs.unsecuredEnvelope)
            try wssBuilder.secure(envelope)
            blackHole(envelope.serialize())
        },
        BenchmarkCase(name: "wss-verify-envelope", detail: "parse, WSSecurityEngine.process, trust store [ca], replay detection off") {
            blackHole(try await engine.process(try SOAPEnvelope(parsing: wssSigned)))
        },
        BenchmarkCase(name: "xmldsig-verify-rsa", detail: "parse, IDIndex, SignatureVerifier with the known public key") {
            let envelope = try SOAPEnvelope(parsing: wssSigned)
            let index = try IDIndex(envelope.document)
            blackHole(try SignatureVerifier().verify(try envelope.signatureElement(), key: .publicKey(publicKey), index: index))
        },
        BenchmarkCase(name: "hmac-sign-envelope", detail: "parse, SignatureBuilder HMAC-SHA1 over Body+Timestamp (SHA-1 digests), serialize") {
            let envelope = try SOAPEnvelope(parsing: inputs.envelope)
            try inputs.hmacSign(envelope)
            blackHole(envelope.serialize())
        },
        BenchmarkCase(name: "hmac-verify-envelope", detail: "parse, IDIndex, SignatureVerifier HMAC-SHA1") {
            let envelope = try SOAPEnvelope(parsing: hmacSigned)
            let index = try IDIndex(envelope.document)
            blackHole(try SignatureVerifier().verify(try envelope.signatureElement(), key: .secret(inputs.hmacKey), index: index))
        },
        BenchmarkCase(name: "aes128cbc-encrypt-body", detail: "parse, XMLEncryptor content encryption of the Body (fixed key), serialize") {
            let envelope = try SOAPEnvelope(parsing: inputs.envelope)
            try XMLEncryptor(algorithm: .aes128CBC).encrypt(envelope.body, type: .content, key: inputs.aesKey, id: "ED-1")
            blackHole(envelope.serialize())
        },
        BenchmarkCase(name: "aes128cbc-decrypt-body", detail: "parse, XMLDecryptor.decrypt of the Body's EncryptedData") {
            let envelope = try SOAPEnvelope(parsing: aesEncrypted)
            guard let data = envelope.body.firstChild("EncryptedData", XMLSecurityNamespace.xenc) else { throw BenchmarkError.noEncryptedData }
            blackHole(try XMLDecryptor().decrypt(try EncryptedDataElement(data), key: inputs.aesKey))
        },
        replayCacheCase(),
    ]
}
