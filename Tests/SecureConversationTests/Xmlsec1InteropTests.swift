import Foundation
import SecurityCore
import SOAP
import SecureConversation
import Synchronization
import Testing
import TesseraCrypto
import WSSecurity
import XMLCore
import XMLSecurity
import TesseraTestSupport

/// Interop with xmlsec1 (1.2.37, OpenSSL) on the established-session path. The derived keys
/// handed to xmlsec1 are computed with Python `cryptography` (scripts/interop/psha1.py) from the
/// context's secret and each DerivedKeyToken's label and nonce, not by Tessera.
///
/// - Tessera → xmlsec1: xmlsec1 decrypts the Body of a Tessera request with the derived
///   encryption key (`--aeskey`), then verifies its HMAC signature over Body, Timestamp and
///   every WS-Addressing header with the derived signing key (`--hmackey`).
/// - xmlsec1 → Tessera: a request whose DerivedKeyTokens name the context and carry chosen
///   nonces is signed (HMAC-SHA1) and its Body encrypted (AES-CBC) by xmlsec1 with the keys
///   those tokens derive to; Tessera's service verifies, decrypts and answers it.
@Suite(.tags(.interop), .requiresXmlsec1, .requiresPython) struct Xmlsec1InteropTests {
    static let label = Array("WS-SecureConversationWS-SecureConversation".utf8)
    static let soap12 = SOAPVersion.v12.namespace
    static let wsa = WSAddressingVersion.v10.namespace
    static let wsu = WSSNamespace.utility

    /// `--id-attr` options for every element a request signature references.
    static let idAttributes = ["\(wsu):Timestamp", "\(soap12):Body", "\(wsa):Action", "\(wsa):MessageID", "\(wsa):ReplyTo", "\(wsa):To"]
        .flatMap { ["--id-attr:Id", $0] }

    final class Seen: Sendable {
        let names = Mutex<[String]>([])
    }

    /// A stateful service whose store the test can read the secret from, and a client with a context.
    static func session(version: SecureConversationVersion, protection: MessageProtection = .basic256, seen: Seen = Seen())
        async throws -> (service: SecureConversationService, transport: RecordingTransport, client: SecureConversationClient, secret: [UInt8])
    {
        let store = InMemorySecurityContextStore()
        var configuration = Fixtures.serviceConfiguration(keeping: .stateful(store))
        configuration.responseProtection = protection
        let service = SecureConversationService(configuration: configuration) { request in
            let name = request.payload?.firstChild("Name", Fixtures.helloNamespace)?.trimmedText ?? "?"
            seen.names.withLock { $0.append(name) }
            return SecureConversationReply(version: request.envelope.version, action: Fixtures.helloAction + "Response") { body in
                body.addChild("HelloResponse", Fixtures.helloNamespace, prefix: "h").setText("Hello, \(name)")
            }
        }
        let transport = RecordingTransport(service: service)
        var clientConfiguration = Fixtures.clientConfiguration(version: version)
        clientConfiguration.protection = protection
        let client = SecureConversationClient(configuration: clientConfiguration, transport: transport)
        let context = try await client.establish()
        let record = try #require(store.context(identifier: context.identifier))
        return (service, transport, client, record.secret)
    }

    /// The key a DerivedKeyToken element derives from `secret`, computed by Python.
    static func pythonKey(_ token: XMLElement, secret: [UInt8]) async throws -> [UInt8] {
        let parsed = try DerivedKeyToken(element: token)
        let nonce = try #require(parsed.nonce)
        let hex = try await Oracles.pSHA1(secret: secret, seed: label + nonce, length: parsed.effectiveLength, offset: parsed.effectiveOffset)
        return (0..<hex.count / 2).map { UInt8(hex.dropFirst($0 * 2).prefix(2), radix: 16)! }
    }

    @Test(arguments: SecureConversationVersion.allCases, [MessageProtection.basic256, .basic128Sha256])
    func tesseraRequestDecryptsAndVerifiesInXmlsec1(_ version: SecureConversationVersion, _ protection: MessageProtection) async throws {
        let (_, transport, client, secret) = try await Self.session(version: version, protection: protection)
        _ = try await client.send(Fixtures.hello("interop"), action: Fixtures.helloAction)
        let request = try #require(transport.requests.last)
        let envelope = try SOAPEnvelope(parsing: request)
        let tokens = try #require(try envelope.securityHeader()).children.filter { $0.localName == "DerivedKeyToken" }
        try #require(tokens.count == 2)
        let scratch = try Scratch()
        let message = try scratch.write(request, as: "request.xml")
        let signingKey = try scratch.write(try await Self.pythonKey(tokens[0], secret: secret), as: "signing.key")
        let encryptionKey = try scratch.write(try await Self.pythonKey(tokens[1], secret: secret), as: "encryption.key")
        #expect(!String(decoding: request, as: UTF8.self).contains("interop"))

        let decrypted = try await Oracles.xmlsec1(["--decrypt", "--aeskey", encryptionKey, "--output", scratch.path("decrypted.xml"), message])
        try #require(decrypted.succeeded, "\(decrypted)")
        #expect(String(decoding: try scratch.read("decrypted.xml"), as: UTF8.self).contains("<h:Name>interop</h:Name>"))

        let verified = try await Oracles.xmlsec1(["--verify", "--hmackey", signingKey] + Self.idAttributes + [scratch.path("decrypted.xml")])
        #expect(verified.succeeded, "\(verified)")
        #expect(verified.stderr.contains("SignedInfo References (ok/all): 6/6"))

        // The keys are the ones those tokens derive: swapped, neither works.
        #expect(!(try await Oracles.xmlsec1(["--verify", "--hmackey", encryptionKey] + Self.idAttributes + [scratch.path("decrypted.xml")])).succeeded)
        #expect(!(try await Oracles.xmlsec1(["--decrypt", "--aeskey", signingKey, "--output", scratch.path("wrong.xml"), message])).succeeded)
    }

    @Test(arguments: SecureConversationVersion.allCases)
    func xmlsec1RequestVerifiesAndDecryptsInTessera(_ version: SecureConversationVersion) async throws {
        let seen = Seen()
        // The message is HMAC-SHA1 and AES-128-CBC: the Basic128 suite (WS-SecurityPolicy 1.2 §6.1).
        let (service, _, client, secret) = try await Self.session(version: version, protection: .basic128, seen: seen)
        let identifier = try #require(client.context?.identifier)
        let scratch = try Scratch()
        let signingNonce = SecureRandom.bytes(16), encryptionNonce = SecureRandom.bytes(16)
        let signingKey = try await Self.pythonKey(secret: secret, nonce: signingNonce, length: 20)
        let encryptionKey = try await Self.pythonKey(secret: secret, nonce: encryptionNonce, length: 16)

        let template = try scratch.write(
            Array(
                Self.template(
                    version: version, identifier: identifier, signingNonce: signingNonce,
                    encryptionNonce: encryptionNonce
                ).utf8), as: "template.xml")
        let signed = try await Oracles.xmlsec1(
            ["--sign", "--hmackey", try scratch.write(signingKey, as: "signing.key")] + Self.idAttributes
                + ["--output", scratch.path("signed.xml"), template])
        try #require(signed.succeeded, "\(signed)")
        let encrypted = try await Oracles.xmlsec1([
            "--encrypt", "--aeskey", try scratch.write(encryptionKey, as: "encryption.key"),
            "--xml-data", scratch.path("signed.xml"), "--node-name", "\(Self.soap12):Body",
            "--output", scratch.path("encrypted.xml"), try scratch.write(Array(Self.encryptionTemplate(version).utf8), as: "enc-template.xml"),
        ])
        try #require(encrypted.succeeded, "\(encrypted)")
        let message = try scratch.read("encrypted.xml")
        #expect(!String(decoding: message, as: UTF8.self).contains("xmlsec1-name"))

        let response = try SOAPEnvelope(parsing: await service.handle(bytes: message, version: .v12, action: Fixtures.helloAction))
        #expect(response.fault == nil, "\(String(describing: response.fault))")
        #expect(seen.names.withLock { $0 } == ["xmlsec1-name"])

        // The same message with other nonces (unused ones, so no replay is involved) derives
        // other keys: refused.
        let altered = String(decoding: message, as: UTF8.self)
            .replacingOccurrences(of: Data(signingNonce).base64EncodedString(), with: Data(SecureRandom.bytes(16)).base64EncodedString())
            .replacingOccurrences(of: Data(encryptionNonce).base64EncodedString(), with: Data(SecureRandom.bytes(16)).base64EncodedString())
        let refused = try SOAPEnvelope(parsing: await service.handle(bytes: Array(altered.utf8), version: .v12, action: Fixtures.helloAction))
        #expect(refused.fault?.subcode == QName(WSSNamespace.secext, "FailedCheck"))
    }

    static func pythonKey(secret: [UInt8], nonce: [UInt8], length: Int) async throws -> [UInt8] {
        let hex = try await Oracles.pSHA1(secret: secret, seed: label + nonce, length: length)
        return (0..<hex.count / 2).map { UInt8(hex.dropFirst($0 * 2).prefix(2), radix: 16)! }
    }

    /// A SOAP 1.2 request with an xmlsec1 signature template: HMAC-SHA1 over Timestamp, Body
    /// and the addressing headers, KeyInfo naming the first DerivedKeyToken; the second token
    /// and the ReferenceList are for the Body encryption xmlsec1 does next.
    static func template(version: SecureConversationVersion, identifier: String, signingNonce: [UInt8], encryptionNonce: [UInt8]) -> String {
        let now = Date()
        let references = ["TS-1", "Body-1", "Action-1", "MessageID-1", "ReplyTo-1", "To-1"].map { id in
            """
            <ds:Reference URI="#\(id)"><ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/></ds:Transforms>\
            <ds:DigestMethod Algorithm="http://www.w3.org/2000/09/xmldsig#sha1"/><ds:DigestValue/></ds:Reference>
            """
        }.joined()
        func derivedKeyToken(_ id: String, _ nonce: [UInt8], _ length: Int) -> String {
            """
            <wsc:DerivedKeyToken wsu:Id="\(id)"><wsse:SecurityTokenReference><wsse:Reference URI="\(identifier)" \
            ValueType="\(version.tokenType.rawValue)"/></wsse:SecurityTokenReference><wsc:Offset>0</wsc:Offset>\
            <wsc:Length>\(length)</wsc:Length><wsc:Nonce>\(Data(nonce).base64EncodedString())</wsc:Nonce></wsc:DerivedKeyToken>
            """
        }
        return """
            <s:Envelope xmlns:s="\(soap12)" xmlns:wsa="\(wsa)" xmlns:wsu="\(wsu)" xmlns:wsse="\(WSSNamespace.secext)" \
            xmlns:wsc="\(version.namespace)" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" xmlns:xenc="http://www.w3.org/2001/04/xmlenc#">\
            <s:Header>\
            <wsa:Action wsu:Id="Action-1">\(Fixtures.helloAction)</wsa:Action>\
            <wsa:MessageID wsu:Id="MessageID-1">\(AddressingHeaders.newMessageID())</wsa:MessageID>\
            <wsa:ReplyTo wsu:Id="ReplyTo-1"><wsa:Address>\(WSAddressingVersion.v10.anonymousAddress)</wsa:Address></wsa:ReplyTo>\
            <wsa:To wsu:Id="To-1">\(Fixtures.endpoint)</wsa:To>\
            <wsse:Security s:mustUnderstand="true">\
            <wsu:Timestamp wsu:Id="TS-1"><wsu:Created>\(XSDDateTime.format(now))</wsu:Created>\
            <wsu:Expires>\(XSDDateTime.format(now.addingTimeInterval(300)))</wsu:Expires></wsu:Timestamp>\
            \(derivedKeyToken("DK-sign", signingNonce, 20))\(derivedKeyToken("DK-encrypt", encryptionNonce, 16))\
            <xenc:ReferenceList><xenc:DataReference URI="#ED-1"/></xenc:ReferenceList>\
            <ds:Signature><ds:SignedInfo><ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>\
            <ds:SignatureMethod Algorithm="http://www.w3.org/2000/09/xmldsig#hmac-sha1"/>\(references)</ds:SignedInfo>\
            <ds:SignatureValue/><ds:KeyInfo><wsse:SecurityTokenReference><wsse:Reference URI="#DK-sign" \
            ValueType="\(version.derivedKeyValueType)"/></wsse:SecurityTokenReference></ds:KeyInfo></ds:Signature>\
            </wsse:Security></s:Header>\
            <s:Body wsu:Id="Body-1"><h:Hello xmlns:h="\(Fixtures.helloNamespace)"><h:Name>xmlsec1-name</h:Name></h:Hello></s:Body>\
            </s:Envelope>
            """
    }

    /// The xmlsec1 encryption template: Body content, AES-128-CBC, KeyInfo naming the second token.
    static func encryptionTemplate(_ version: SecureConversationVersion) -> String {
        """
        <xenc:EncryptedData xmlns:xenc="http://www.w3.org/2001/04/xmlenc#" Id="ED-1" Type="http://www.w3.org/2001/04/xmlenc#Content">\
        <xenc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"/>\
        <ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><wsse:SecurityTokenReference xmlns:wsse="\(WSSNamespace.secext)">\
        <wsse:Reference URI="#DK-encrypt" ValueType="\(version.derivedKeyValueType)"/></wsse:SecurityTokenReference></ds:KeyInfo>\
        <xenc:CipherData><xenc:CipherValue/></xenc:CipherData></xenc:EncryptedData>
        """
    }
}
