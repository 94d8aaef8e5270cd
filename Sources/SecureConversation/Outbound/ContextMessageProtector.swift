import Foundation
import SecurityCore
import SOAP
import TesseraCrypto
import WSSecurity
import XMLCore
import XMLSecurity

/// Secures an outbound message with a context (steps 3 and 6 of the secure-conversation flow): two
/// fresh DerivedKeyTokens, one to sign the Body, the Timestamp, the WS-Addressing headers and any
/// SignatureConfirmation with HMAC, one to encrypt the Body's content. The header is laid out for
/// in-order processing (WSS 1.1 §5): Timestamp, SecurityContextToken (when carried),
/// SignatureConfirmation, the two DerivedKeyTokens, ReferenceList, Signature. The signature is
/// computed over the plaintext Body before it is encrypted, and written in its exclusive
/// canonical form (``writeSignature(over:key:signingToken:in:)``).
struct ContextMessageProtector {
    var protection: MessageProtection
    var timestampLifetime: TimeInterval
    var clock: TimeSource

    /// Secures `envelope` with `secret` of the context `token` names. With `includeToken` the
    /// token goes in the header and the derived keys reference its `wsu:Id`; otherwise they
    /// reference its Identifier. Returns the SignatureValue (for SignatureConfirmation).
    @discardableResult
    func protect(
        _ envelope: SOAPEnvelope, token: SecurityContextToken, secret: [UInt8], includeToken: Bool,
        signatureConfirmations: [[UInt8]]? = nil
    ) throws -> [UInt8] {
        do {
            return try build(envelope, token: token, secret: secret, includeToken: includeToken, confirmations: signatureConfirmations)
        } catch {
            throw WSSecurityError(error)
        }
    }

    private func build(
        _ envelope: SOAPEnvelope, token: SecurityContextToken, secret: [UInt8], includeToken: Bool,
        confirmations: [[UInt8]]?
    ) throws -> [UInt8] {
        let version = token.version
        declareHeaderNamespaces(on: envelope.envelope, version: version)
        let security = try envelope.ensureSecurityHeader()
        let now = clock.now
        var signed = [Timestamp(created: now, expires: now.addingTimeInterval(timestampLifetime)).write(into: security, id: Self.newID("TS"))]

        var reference = token.unattachedReference
        if includeToken {
            var carried = token
            carried.id = Self.newID("SCT")
            carried.write(into: security)
            reference = carried.attachedReference ?? reference
        }
        for value in confirmations ?? [] {
            let confirmation = security.addChild("SignatureConfirmation", WSSNamespace.secext11, prefix: "wsse11")
            confirmation.setAttribute("Id", WSSNamespace.utility, prefix: "wsu", value: Self.newID("SC"))
            confirmation.setAttribute("Value", value: Data(value).base64EncodedString())
            signed.append(confirmation)
        }

        let keyedSecret = PSHA1.Keyed(secret: secret)
        let signingToken = derivedKeyToken(version, reference, length: protection.signatureKeyLength)
        signingToken.write(into: security)
        let signingKey = try signingToken.deriveKey(with: keyedSecret)
        var encryption: (token: DerivedKeyToken, key: [UInt8])?
        if protection.encryptBody {
            let encryptionToken = derivedKeyToken(version, reference, length: protection.encryptionAlgorithm.keyLength)
            encryptionToken.write(into: security)
            encryption = (encryptionToken, try encryptionToken.deriveKey(with: keyedSecret))
        }

        signed.append(envelope.body)
        signed += envelope.headerBlocks.filter(WSAddressingVersion.isAddressingElement)
        let (signature, value) = try writeSignature(over: signed, key: signingKey, signingToken: signingToken, in: security)

        if let encryption {
            let dataID = Self.newID("ED")
            try XMLEncryptor(algorithm: protection.encryptionAlgorithm).encrypt(envelope.body, type: .content, key: encryption.key, id: dataID) { keyInfo in
                SecurityTokenReference.write(.reference(uri: "#" + (encryption.token.id ?? ""), valueType: version.derivedKeyValueType), into: keyInfo)
            }
            let xenc = XMLSecurityNamespace.xenc
            security.insertChild("ReferenceList", xenc, prefix: "xenc", before: signature)
                .addChild("DataReference", xenc, prefix: "xenc").setAttribute("URI", value: "#" + dataID)
        }
        return value
    }

    /// Declares the prefixes the security header, the signed headers' `wsu:Id` and the Body's
    /// EncryptedData use once on the Envelope, where it binds none of them yet, instead of on each
    /// element that uses one (eight `wsu` declarations in a request otherwise): the receiver
    /// parses every declaration. Exclusive C14N renders a namespace where it is used (Exclusive
    /// XML Canonicalization §3), so what is signed does not change.
    private func declareHeaderNamespaces(on root: XMLElement, version: SecureConversationVersion) {
        var prefixes = [("wsu", WSSNamespace.utility), ("wsse", WSSNamespace.secext), ("wsc", version.namespace), ("ds", XMLSecurityNamespace.ds)]
        if protection.encryptBody { prefixes.append(("xenc", XMLSecurityNamespace.xenc)) }
        for (prefix, uri) in prefixes where root.namespaceURI(forPrefix: prefix) == nil {
            root.declareNamespace(prefix: prefix, uri: uri)
        }
    }

    /// A DerivedKeyToken with a fresh nonce, Offset 0 and the given Length, as WCF and WSS4J
    /// write them (the default label is left implicit).
    private func derivedKeyToken(_ version: SecureConversationVersion, _ reference: SecurityTokenReference.Form, length: Int) -> DerivedKeyToken {
        DerivedKeyToken(
            version: version, id: Self.newID("DK"), reference: reference, position: .offset(0), length: length,
            nonce: SecureRandom.bytes(protection.nonceLength))
    }

    static func newID(_ prefix: String) -> String {
        RandomIdentifier.id(prefix)
    }

    /// The element's ID (``WSSecurity/SignedElementID/existing(of:)``), assigning a wsu:Id when it has none.
    static func id(of element: XMLElement) throws -> String {
        if let existing = try SignedElementID.existing(of: element) { return existing }
        let id = newID("id")
        element.setAttribute("Id", WSSNamespace.utility, prefix: "wsu", value: id)
        return id
    }
}
