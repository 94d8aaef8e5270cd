public import Foundation
public import SecurityCore
public import SOAP
import TesseraCrypto
public import X509
public import XMLCore
public import XMLSecurity

/// Secures an outbound envelope: Timestamp, UsernameToken, signature over chosen parts and
/// encryption of chosen parts, laid out so a receiver processing the header in order finds
/// every key before its use (WSS 1.1 §5): Timestamp, tokens, EncryptedKey, Signature.
public struct SecurityHeaderBuilder: Sendable {
    public enum Part: Hashable, Sendable {
        case body
        case timestamp
        /// Every header block with this name.
        case header(QName)
        /// Every WS-Addressing header block.
        case addressingHeaders
        /// The SAML assertion the builder carries (``samlAssertion``), referenced directly by
        /// its own `ID` (SAML 2.0) or `AssertionID` (SAML 1.1), never given a `wsu:Id`: how a
        /// sender-vouches attesting entity binds the assertion to the message (SAML Token
        /// Profile 1.1 §3.5.1, §3.4.3). Signatures only.
        case samlAssertion
        /// The SAML assertion the builder carries, through a `wsse:SecurityTokenReference` the
        /// builder puts in the header just after it (a `#SAMLID` or `#SAMLAssertionID`
        /// KeyIdentifier with its `wsse11:TokenType`) and a reference to that with the STR
        /// Dereference Transform (WSS 1.1 §8.3): the digest covers the assertion, which keeps
        /// its bytes. The sender-vouches form WSS4J's `WSSecSignatureSAML` writes (SAML Token
        /// Profile 1.1 §3.5.1). Signatures only.
        case samlAssertionTokenReference
        /// The UsernameToken the builder carries (``usernameToken`` or
        /// ``serializedUsernameToken``), by its `wsu:Id`: how the party that forwards an identity
        /// assertion vouches for it. Signatures only.
        case usernameToken
    }

    public struct SignatureOptions: Sendable {
        public var credential: X509Credential
        public var keyReference: KeyReferenceForm = .binarySecurityToken
        public var algorithm: SignatureAlgorithm = .rsaSHA256
        public var digestMethod: DigestMethod = .sha256
        public var parts: [Part] = [.body, .timestamp]
        /// Must be set to sign with RSA-SHA1 or ECDSA-SHA1, for legacy peers that accept nothing else.
        public var _WEAK_allowSHA1PublicKeySignature = false
        /// The `ds:Signature` is written in its exclusive canonical form
        /// (``XMLSecurity/SignatureWriter``) and goes into the envelope as a placeholder
        /// (``XMLCore/VerbatimElement``) rather than as tree nodes: the envelope serializes and
        /// canonicalizes with it, but its tree does not hold the signature's children. For an
        /// envelope serialized next (a gateway's forwarded message). Not with encryption, nor
        /// with an ``KeyReferenceForm/issuerSerial`` key reference: the signature is then built
        /// in the tree.
        public var writesCanonicalSignature = false

        public init(credential: X509Credential) {
            self.credential = credential
        }
    }

    public struct EncryptionOptions: Sendable {
        public var recipient: Certificate
        public var keyReference: KeyReferenceForm = .issuerSerial
        public var algorithm: BlockEncryptionAlgorithm = .aes256CBC
        public var keyTransport: KeyTransportAlgorithm = .rsaOAEPSHA1
        /// `.body` encrypts the Body's content; headers are wrapped in `wsse11:EncryptedHeader`.
        public var parts: [Part] = [.body]

        public init(recipient: Certificate) {
            self.recipient = recipient
        }
    }

    /// Lifetime of the Timestamp; nil for no Timestamp.
    public var timestampLifetime: TimeInterval? = 300
    public var usernameToken: UsernameToken?
    /// A serialized `wsse:UsernameToken` carried verbatim after the Timestamp, instead of
    /// ``usernameToken``: an identity assertion exactly as its issuer wrote it, its `wsu:Id`,
    /// Nonce and Created unchanged.
    public var serializedUsernameToken: [UInt8]?
    /// A serialized SAML assertion (its bytes as the STS returned them) to carry in the
    /// header after the Timestamp and UsernameToken (SAML Token Profile 1.1 §3.3); a signature
    /// whose key reference is ``KeyReferenceForm/samlAssertionKeyIdentifier`` names it.
    public var samlAssertion: [UInt8]?
    /// A prepared SAML assertion to carry instead of ``samlAssertion``: the same place in the
    /// header, its signing digests computed once for all the messages that carry it.
    public var preparedSAMLAssertion: PreparedSAMLAssertion?
    public var signature: SignatureOptions?
    public var encryption: EncryptionOptions?
    /// WSS 1.1 SignatureConfirmation values to echo (responses); signed with the Body.
    public var signatureConfirmations: [[UInt8]]?
    public var clock: TimeSource = .system
    /// The part of every `wsu:Id` the builder writes that is otherwise random: tests fix it to
    /// compare two messages byte for byte.
    var idStem: String?

    public init() {}

    /// Adds the security header to `envelope`.
    public func secure(_ envelope: SOAPEnvelope) throws {
        do {
            try build(envelope)
        } catch {
            throw WSSecurityError(error)
        }
    }

    private func build(_ envelope: SOAPEnvelope) throws {
        let security = try envelope.ensureSecurityHeader()
        let ids = IDGenerator(stem: idStem)
        var signedElements: [XMLElement] = []
        if let lifetime = timestampLifetime {
            let now = clock.now
            let timestamp = Timestamp(created: now, expires: now.addingTimeInterval(lifetime))
            signedElements.append(timestamp.write(into: security, id: ids.next("TS")))
        }
        usernameToken?.write(into: security, id: ids.next("UsernameToken"))
        if let serializedUsernameToken {
            let token = try XMLDocument(parsing: serializedUsernameToken).root
            guard token.is("UsernameToken", WSSNamespace.secext) else {
                throw WSSecurityError(.invalidSecurityToken, "the serialized token is not a wsse:UsernameToken")
            }
            security.addCopy(of: token)
        }
        let verbatim = preparedSAMLAssertion.flatMap { placedVerbatim($0, in: security) }
        let assertion: HeaderSAMLAssertion?
        if let verbatim {
            assertion = try HeaderSAMLAssertion(element: security.addVerbatim(verbatim))
        } else {
            assertion = try (preparedSAMLAssertion?.bytes ?? samlAssertion).map {
                try HeaderSAMLAssertion(element: security.addCopy(of: try XMLDocument(parsing: $0).root))
            }
        }
        var assertionReference: XMLElement?
        if self.signature?.parts.contains(.samlAssertionTokenReference) == true {
            guard let assertion else {
                throw WSSecurityError(.invalidSecurityToken, "a reference to a SAML assertion needs a SAML assertion in the header")
            }
            assertionReference = Self.writeTokenReference(to: assertion, into: security, id: ids.next("STR"))
        }
        for value in signatureConfirmations ?? [] {
            let confirmation = security.addChild("SignatureConfirmation", WSSNamespace.secext11, prefix: "wsse11")
            confirmation.setAttribute("Id", WSSNamespace.utility, prefix: "wsu", value: ids.next("SC"))
            confirmation.setAttribute("Value", value: Data(value).base64EncodedString())
            signedElements.append(confirmation)
        }

        var signature: XMLElement?
        if let options = self.signature {
            let targets =
                options.parts.flatMap { elements(of: $0, envelope: envelope, security: security) }
                + (signatureConfirmations == nil ? [] : signedElements.filter { $0.localName == "SignatureConfirmation" })
            // The configured parts name a handful of elements: a repeat is found by comparing
            // with those before it.
            let unique = targets.indices.filter { !targets[..<$0].contains(targets[$0]) }.map { targets[$0] }
            let references = try unique.map { target in
                let dereferenced = target == assertionReference
                let known = assertion.flatMap { assertion -> [UInt8]? in
                    guard dereferenced || target == assertion.element, let prepared = preparedSAMLAssertion else { return nil }
                    return verbatim != nil
                        ? prepared.verbatimDigest(dereferenced: dereferenced)
                        : prepared.digest(at: assertion.element, method: options.digestMethod, dereferenced: dereferenced)
                }
                return SignatureBuilder.Reference(
                    uri: "#" + (try ids.id(of: target)), transforms: dereferenced ? .dereferencing(STRDereferenceTransform()) : .exclusive,
                    digestMethod: options.digestMethod, knownDigest: known)
            }
            if options.writesCanonicalSignature, encryption == nil, options.keyReference.isWrittenInCanonicalForm {
                signature = try writeSignature(references, targets: unique, options: options, security: security, ids: ids, assertion: assertion)
            } else {
                var builder = SignatureBuilder(algorithm: options.algorithm, references: references, signatureID: ids.next("SIG"))
                builder._WEAK_allowSHA1PublicKeySignature = options._WEAK_allowSHA1PublicKeySignature
                signature = try builder.sign(in: security, key: .privateKey(options.credential.privateKey)) { keyInfo in
                    // A BinarySecurityToken goes just before the Signature that uses it.
                    try options.keyReference.write(
                        for: options.credential.certificate, cached: try options.credential.referenceValues(),
                        into: keyInfo, security: security,
                        before: keyInfo.parent, ids: ids, samlAssertion: assertion)
                }
            }
        }

        if let options = encryption {
            try encrypt(envelope, options: options, security: security, before: signature, ids: ids)
        }
    }

    /// The bytes `prepared` goes into `security` as (``XMLElement/addVerbatim(_:)``) rather
    /// than as a parsed copy: where they keep their meaning, so that its prepared digests are
    /// those of what is sent, and when nothing but those digests needs its content (no
    /// encryption; a signature, if any, digesting with the prepared method); nil otherwise.
    private func placedVerbatim(_ prepared: PreparedSAMLAssertion, in security: XMLElement) -> VerbatimElement? {
        guard let verbatim = prepared.verbatim, encryption == nil, signature.map({ $0.digestMethod == prepared.digestMethod }) ?? true,
            verbatim.keepsItsMeaning(under: security)
        else { return nil }
        return verbatim
    }

    private func encrypt(_ envelope: SOAPEnvelope, options: EncryptionOptions, security: XMLElement, before anchor: XMLElement?, ids: IDGenerator) throws {
        let encryptor = XMLEncryptor(algorithm: options.algorithm)
        let key = encryptor.generateKey()
        var dataIDs: [String] = []
        for part in options.parts {
            for element in elements(of: part, envelope: envelope, security: security) {
                let id = ids.next("ED")
                if part == .body {
                    try encryptor.encrypt(element, type: .content, key: key, id: id)
                } else {
                    guard let header = element.parent else { continue }
                    let wrapper = header.insertChild("EncryptedHeader", WSSNamespace.secext11, prefix: "wsse11", before: element)
                    wrapper.setAttribute("Id", WSSNamespace.utility, prefix: "wsu", value: ids.next("EH"))
                    wrapper.addCopy(of: element)
                    element.remove()
                    try encryptor.encrypt(wrapper.children[0], type: .element, key: key, id: id)
                }
                dataIDs.append("#" + id)
            }
        }
        guard !dataIDs.isEmpty else { return }
        let recipient: PublicKey
        do {
            recipient = try PublicKey(certificate: options.recipient)
        } catch {
            throw WSSecurityError(.invalidSecurityToken, "the recipient certificate's key is not supported")
        }
        let position = anchor ?? security.children.first { $0.is("Signature", XMLSecurityNamespace.ds) }
        let encryptedKey = try XMLEncryptor.addEncryptedKey(
            key, transport: options.keyTransport, recipient: recipient, in: security, before: position,
            id: ids.next("EK"), dataReferences: dataIDs)
        // KeyInfo belongs after EncryptionMethod; written once the EncryptedKey exists.
        let keyInfo = encryptedKey.insertChild(
            "KeyInfo", XMLSecurityNamespace.ds, prefix: "ds",
            before: encryptedKey.firstChild("CipherData", XMLSecurityNamespace.xenc))
        try options.keyReference.write(for: options.recipient, into: keyInfo, security: security, before: encryptedKey, ids: ids)
    }

    private func elements(of part: Part, envelope: SOAPEnvelope, security: XMLElement) -> [XMLElement] {
        switch part {
        case .body:
            return [envelope.body]
        case .timestamp:
            return security.children("Timestamp", WSSNamespace.utility)
        case .header(let name):
            return envelope.headerBlocks.filter { $0.name == name }
        case .addressingHeaders:
            return envelope.headerBlocks.filter(WSAddressingVersion.isAddressingElement)
        case .samlAssertion:
            return security.children.filter { (try? HeaderSAMLAssertion(element: $0)) != nil }
        case .samlAssertionTokenReference:
            return security.children("SecurityTokenReference", WSSNamespace.secext)
        case .usernameToken:
            return security.children("UsernameToken", WSSNamespace.secext)
        }
    }

    /// `<wsse:SecurityTokenReference wsu:Id="…" wsse11:TokenType="…#SAMLV2.0"><wsse:KeyIdentifier
    /// ValueType="…#SAMLID">ID</wsse:KeyIdentifier></wsse:SecurityTokenReference>` (SAML Token
    /// Profile 1.1 §3.4.2; the SAML 1.1 names for a SAML 1.1 assertion), added to `security`.
    private static func writeTokenReference(to assertion: HeaderSAMLAssertion, into security: XMLElement, id: String) -> XMLElement {
        let saml20 = assertion.version == .saml20
        let reference = SecurityTokenReference.write(
            .keyIdentifier(valueType: saml20 ? WSSURI.samlV20ID : WSSURI.samlV11ID, value: Array(assertion.id.utf8), text: assertion.id),
            into: security, tokenType: saml20 ? WSSURI.samlV20TokenType : WSSURI.samlV11TokenType)
        reference.setAttribute("Id", WSSNamespace.utility, prefix: "wsu", value: id)
        return reference
    }
}
