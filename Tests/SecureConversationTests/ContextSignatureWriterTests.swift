import Foundation
import SOAP
import SecurityCore
import TesseraCrypto
import Testing
import WSSecurity
import XMLCore
import XMLSecurity
@testable import SecureConversation

/// A message secured with a context carries its Signature written in canonical form
/// (``ContextMessageProtector/writeSignature(over:key:signingToken:in:)``): the Signature
/// ``XMLSecurity/SignatureBuilder`` builds as a tree for the same references, derived key, `Id`
/// and KeyInfo, compared by canonical form, for each suite, version, carried or referenced token,
/// SignatureConfirmation, SOAP version and with or without the Body encrypted after signing.
@Suite struct ContextSignatureWriterTests {
    static let suites: [MessageProtection] = [
        .basic256, .basic128, .basic256Sha256, .basic128Sha256,
        {
            var gcm = MessageProtection.basic256Sha256
            gcm.encryptionAlgorithm = .aes256GCM
            return gcm
        }(),
    ]

    /// A request with WS-Addressing headers, secured with a fresh context's secret; returns it
    /// as a receiver parses it, the secret and the SignatureValue the protector returned.
    static func secured(
        _ version: SecureConversationVersion, _ protection: MessageProtection, soap: SOAPVersion, includeToken: Bool, confirmations: [[UInt8]]?
    ) throws -> (sent: SOAPEnvelope, received: SOAPEnvelope, secret: [UInt8], value: [UInt8]) {
        let envelope = Fixtures.hello("differential", version: soap)
        AddressingHeaders(to: "https://service.example/hello", action: Fixtures.helloAction, messageID: AddressingHeaders.newMessageID())
            .write(toSecured: envelope)
        let token = SecurityContextToken(version: version, identifier: SecurityContextToken.newIdentifier())
        let secret = SecureRandom.bytes(32)
        let protector = ContextMessageProtector(protection: protection, timestampLifetime: 300, clock: .system)
        let value = try protector.protect(envelope, token: token, secret: secret, includeToken: includeToken, signatureConfirmations: confirmations)
        return (envelope, try SOAPEnvelope(parsing: envelope.serialize()), secret, value)
    }

    @Test(arguments: SecureConversationVersion.allCases, suites)
    func theWrittenSignatureIsTheBuiltOne(_ version: SecureConversationVersion, _ suite: MessageProtection) throws {
        for encryptBody in [true, false] {
            for soap in [SOAPVersion.v12, .v11] {
                for includeToken in [false, true] {
                    for confirmations in [nil, [[UInt8](repeating: 7, count: 20), [UInt8](repeating: 9, count: 32)]] {
                        var protection = suite
                        protection.encryptBody = encryptBody
                        try compare(version, protection, soap: soap, includeToken: includeToken, confirmations: confirmations)
                    }
                }
            }
        }
    }

    private func compare(
        _ version: SecureConversationVersion, _ protection: MessageProtection, soap: SOAPVersion, includeToken: Bool, confirmations: [[UInt8]]?
    ) throws {
        let (sent, received, secret, value) = try Self.secured(version, protection, soap: soap, includeToken: includeToken, confirmations: confirmations)
        let ds = XMLSecurityNamespace.ds
        let security = try #require(try received.securityHeader())
        let written = try #require(security.firstChild("Signature", ds))
        #expect(security.children.last == written)
        let keyed = PSHA1.Keyed(secret: secret)
        let tokens = try security.children.filter { $0.localName == "DerivedKeyToken" }.map(DerivedKeyToken.init(element:))
        #expect(tokens.count == (protection.encryptBody ? 2 : 1))
        if protection.encryptBody {
            let encrypted = try #require(received.body.firstChild("EncryptedData", XMLSecurityNamespace.xenc))
            _ = try XMLDecryptor().decrypt(EncryptedDataElement(encrypted), key: tokens[1].deriveKey(with: keyed))
        }
        // The references: Timestamp, SignatureConfirmations, Body, addressing headers, in that order.
        let utility = WSSNamespace.utility
        let targets =
            [try #require(security.firstChild("Timestamp", utility))]
            + security.children.filter { $0.localName == "SignatureConfirmation" } + [received.body]
            + received.headerBlocks.filter(WSAddressingVersion.isAddressingElement)
        let uris = try targets.map { "#" + (try #require($0.attribute("Id", utility))) }
        #expect(targets.count == 2 + (confirmations?.count ?? 0) + 3)
        #expect(written.descendantsAndSelf.filter { $0.is("Reference", ds) }.compactMap { $0.attribute("URI") } == uris)

        let writtenForm = try received.document.canonicalize(written, method: .exclusive)
        // The sender's placeholder canonicalizes as the received Signature does.
        let placeholder = try #require(try sent.securityHeader()?.firstChild("Signature", ds))
        #expect(placeholder.children.isEmpty)
        #expect(try sent.document.canonicalize(placeholder, method: .exclusive) == writtenForm)

        let signatureID = try #require(written.attribute("Id"))
        written.remove()
        let signingToken = tokens[0]
        let built = try SignatureBuilder(
            algorithm: protection.signatureAlgorithm, references: uris.map { SignatureBuilder.Reference(uri: $0, digestMethod: protection.digestMethod) },
            signatureID: signatureID
        )
        .sign(in: security, key: .secret(try signingToken.deriveKey(with: keyed))) { keyInfo in
            SecurityTokenReference.write(.reference(uri: "#" + (signingToken.id ?? ""), valueType: version.derivedKeyValueType), into: keyInfo)
        }
        let builtForm = try received.document.canonicalize(built, method: .exclusive)
        #expect(String(decoding: writtenForm, as: UTF8.self) == String(decoding: builtForm, as: UTF8.self))
        let builtValue = try #require(built.firstChild("SignatureValue", ds)?.trimmedText)
        #expect(Data(value).base64EncodedString() == builtValue)
    }
}
