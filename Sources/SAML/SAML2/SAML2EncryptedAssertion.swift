public import TesseraCrypto
public import X509
public import XMLCore
public import XMLSecurity

extension SAML2 {
    /// `<EncryptedAssertion>` (§2.3.4): a (signed) assertion encrypted for one relying party as
    /// an `xenc:EncryptedData` of Type Element, its content key in an `xenc:EncryptedKey` inside
    /// the EncryptedData's `ds:KeyInfo` (XML-Enc §3.5.1, SAML 2.0 core §6.2).
    public enum EncryptedAssertion {
        /// How an assertion is encrypted. Defaults: AES-256-GCM content encryption (XML-Enc 1.1),
        /// RSA-OAEP (MGF1/SHA-1) key transport, the widest-supported OAEP form.
        public struct Options: Sendable {
            /// The relying party's certificate; its RSA key encrypts the content key.
            public var recipient: Certificate
            public var algorithm: BlockEncryptionAlgorithm = .aes256GCM
            public var keyTransport: KeyTransportAlgorithm = .rsaOAEPSHA1

            public init(recipient: Certificate) {
                self.recipient = recipient
            }
        }

        /// Replaces `assertion` (an element in its document, or a document's root) by a
        /// `saml2:EncryptedAssertion` and returns it. When the assertion is a document's root,
        /// the EncryptedAssertion is the root of a new document. The plaintext is the
        /// assertion's serialization with every namespace it relies on declared on it.
        @discardableResult
        public static func encrypt(_ assertion: XMLElement, options: Options) throws -> XMLElement {
            guard assertion.is("Assertion", SAML2.namespace) else {
                throw SAMLError(.encryptionFailed, "only a SAML 2.0 Assertion can be encrypted as an EncryptedAssertion")
            }
            guard case .rsaOAEP = options.keyTransport else {
                throw SAMLError(.encryptionFailed, "the content key is transported with RSA-OAEP only")
            }
            let recipientKey: PublicKey
            do {
                recipientKey = try PublicKey(certificate: options.recipient)
            } catch {
                throw SAMLError(.encryptionFailed, "the recipient certificate's key is not supported")
            }
            let wrapper: XMLElement
            if let parent = assertion.parent {
                wrapper = parent.insertChild("EncryptedAssertion", SAML2.namespace, prefix: SAML2.prefix, before: assertion)
            } else {
                wrapper = XMLDocument(rootLocalName: "EncryptedAssertion", namespace: SAML2.namespace, prefix: SAML2.prefix).root
            }
            let copy = wrapper.addCopy(of: assertion)
            copy.declareQNameContentNamespaces()
            if assertion.parent != nil { assertion.remove() }

            let encryptor = XMLEncryptor(algorithm: options.algorithm)
            let key = encryptor.generateKey()
            do {
                try encryptor.encrypt(copy, type: .element, key: key) { keyInfo in
                    try XMLEncryptor.addEncryptedKey(key, transport: options.keyTransport, recipient: recipientKey, in: keyInfo) { keyKeyInfo in
                        try SAMLConfirmationKey.writeX509Certificate(options.recipient, into: keyKeyInfo)
                    }
                }
            } catch {
                throw SAMLError(.encryptionFailed, "the assertion could not be encrypted")
            }
            return wrapper
        }

        /// Decrypts a `saml2:EncryptedAssertion` in place with the relying party's private key
        /// and returns the `saml2:Assertion` that replaced the EncryptedData (inside the
        /// EncryptedAssertion). The EncryptedKey may sit in the EncryptedData's KeyInfo or beside
        /// it (§2.3.4). Every failure is the same ``SAMLError/Code/decryptionFailed``; the
        /// decrypted assertion is untrusted until validated.
        @discardableResult
        public static func decrypt(
            _ encryptedAssertion: XMLElement, privateKey: PrivateKey,
            policy: DecryptionPolicy = .default
        ) throws -> XMLElement {
            guard encryptedAssertion.is("EncryptedAssertion", SAML2.namespace),
                let dataElement = encryptedAssertion.firstChild("EncryptedData", XMLSecurityNamespace.xenc)
            else {
                throw SAMLError(.malformed, "expected a saml2:EncryptedAssertion holding xenc:EncryptedData")
            }
            do {
                let data = try EncryptedDataElement(dataElement)
                guard data.type == .element else { throw SAMLError.decryptionFailed }
                let keyElement =
                    try data.keyInfo.flatMap {
                        try KeyInfo($0).items.lazy.compactMap { item -> XMLElement? in
                            if case .encryptedKey(let element) = item { element } else { nil }
                        }.first
                    } ?? encryptedAssertion.firstChild("EncryptedKey", XMLSecurityNamespace.xenc)
                guard let keyElement else { throw SAMLError.decryptionFailed }
                let decryptor = XMLDecryptor(policy: policy)
                let key = try decryptor.decryptKey(
                    try EncryptedKeyElement(keyElement), privateKey: privateKey,
                    keyLength: data.algorithm.keyLength)
                let content = try decryptor.decrypt(data, key: key)
                guard content.elements.count == 1, content.elements[0].is("Assertion", SAML2.namespace) else {
                    throw SAMLError.decryptionFailed
                }
                return content.elements[0]
            } catch {
                throw SAMLError.decryptionFailed
            }
        }
    }
}
