import SecurityCore
import SOAP
import Foundation
import TesseraCrypto
import XMLCore
import XMLSecurity

/// Processes one kind of child of `wsse:Security` (WSSConfig's processors in WSS4J).
protocol HeaderElementProcessor: Sendable {
    func process(_ element: XMLElement, in context: ProcessingContext) async throws
}

/// `wsu:Timestamp`: at most one, fresh.
struct TimestampProcessor: HeaderElementProcessor {
    func process(_ element: XMLElement, in context: ProcessingContext) async throws {
        guard context.result.timestamp == nil else {
            throw WSSecurityError(.invalidSecurity, "a security header may carry only one Timestamp")
        }
        let timestamp = try Timestamp(element: element)
        let configuration = context.configuration
        // Without a maximum age, Expires is all that ends the message's life: one without it
        // would stay acceptable longer than any replay entry is kept.
        guard configuration.timestampMaxAge != nil || timestamp.expires != nil else {
            throw WSSecurityError(.invalidSecurity, "a Timestamp without Expires is not accepted when no maximum age is set")
        }
        try timestamp.checkFreshness(now: context.now, skew: configuration.clockSkew, maxAge: configuration.timestampMaxAge)
        context.result.timestamp = (element, timestamp)
    }
}

/// `wsse:UsernameToken`: Created checked; a password is checked by the configured
/// authenticator; a token without password is recorded as an unverified assertion. The Nonce
/// of a token whose password verified is recorded against replay once the message passed the
/// policy check: unauthenticated requests cannot fill the replay cache or claim a Nonce first.
/// (A token without password proves nothing by itself; where one is trusted, the party that
/// vouches for it is authenticated and records it, as WS-Trust OnBehalfOf validation does.)
struct UsernameTokenProcessor: HeaderElementProcessor {
    func process(_ element: XMLElement, in context: ProcessingContext) async throws {
        let token = try UsernameToken(element: element)
        let configuration = context.configuration
        try token.checkFreshness(now: context.now, skew: configuration.clockSkew, maxAge: configuration.usernameTokenMaxAge)
        var verified = false
        if token.password != nil {
            guard let authenticator = context.configuration.usernameAuthenticator else {
                throw WSSecurityError(.failedAuthentication, "username and password authentication is not configured")
            }
            do {
                try await authenticator.authenticate(token)
            } catch let error as WSSecurityError {
                throw error
            } catch let busy as ServiceBusy {
                throw busy
            } catch {
                throw WSSecurityError(.failedAuthentication, "the username or password is not valid")
            }
            verified = true
        }
        context.result.usernameTokens.append(.init(element: element, token: token, passwordVerified: verified))
        if verified { context.pendingNonces.append(token) }
    }
}

/// `saml2:Assertion` / SAML 1.1 `saml:Assertion`: recorded by ID for references and for the
/// application; whether it is trusted is decided by the SAML layer when it is used.
struct SAMLAssertionProcessor: HeaderElementProcessor {
    func process(_ element: XMLElement, in context: ProcessingContext) async throws {
        guard context.result.samlAssertions.count < HeaderSAMLAssertion.maximumPerHeader else {
            throw WSSecurityError(.invalidSecurity, "the security header carries more than \(HeaderSAMLAssertion.maximumPerHeader) SAML assertions")
        }
        let assertion = try HeaderSAMLAssertion(element: element)
        guard !context.result.samlAssertions.contains(where: { $0.id == assertion.id }) else {
            throw WSSecurityError(.invalidSecurity, "two SAML assertions in the header share an ID")
        }
        context.result.samlAssertions.append(assertion)
    }
}

/// `wsse:BinarySecurityToken`: parsed and registered; trust is decided when a signature uses it.
struct BinarySecurityTokenProcessor: HeaderElementProcessor {
    func process(_ element: XMLElement, in context: ProcessingContext) async throws {
        context.result.binarySecurityTokens.append(try BinarySecurityToken(element: element, trustStore: context.configuration.trustStore))
    }
}

/// `ds:Signature`: resolve and trust the key, verify, refuse a replayed signature. References
/// through the STR Dereference Transform (WSS 1.1 §8.3) are accepted, held to this header.
///
/// A replay is recognised by what was signed and by whom (``replayEntry(of:)``), not by the
/// signature value: a signature value is malleable (an ECDSA `(r, s)` also verifies as
/// `(r, n − s)`, and RSA-PSS and ECDSA signers make a new value each time), so a captured
/// request with another valid value over the same SignedInfo is the same message.
struct SignatureProcessor: HeaderElementProcessor {
    /// Prefixes replay-cache entries of signatures, apart from nonces and other entries.
    static let replayEntryPrefix = Array("SIGNEDINFO-SHA256:".utf8)

    /// The replay-cache entry of a verified signature: SHA-256 over the digest of the canonical
    /// SignedInfo and, for a public key, its SubjectPublicKeyInfo, so two signers countersigning
    /// the same SignedInfo make two entries. A shared secret is not mixed in: an entry, which a
    /// shared store keeps, must reveal nothing about a key.
    static func replayEntry(of verified: VerifiedSignature) -> [UInt8] {
        var signed = verified.signedInfoDigest
        if case .publicKey(let key) = verified.key { signed += key.subjectPublicKeyInfoDER }
        return replayEntryPrefix + DigestAlgorithm.sha256.hash(signed)
    }

    /// The refusal of a message whose signature was already received.
    static let replayed = WSSecurityError(.invalidSecurity, "the message was already received (replay)")

    /// The refusal of a signature that references a holder-of-key SAML assertion but was not
    /// made with the key the assertion confirms.
    static let notTheConfirmedKey = WSSecurityError(.failedCheck, "the signature does not verify with the key the SAML assertion confirms")

    func process(_ element: XMLElement, in context: ProcessingContext) async throws {
        let keyInfo = element.firstChild("KeyInfo", XMLSecurityNamespace.ds)
        let (key, token) = try await TokenResolver(context: context).verificationKey(for: keyInfo)
        let verifier = SignatureVerifier(policy: context.configuration.signaturePolicy, dereferencingTransforms: [STRDereferenceTransform()])
        let verified: VerifiedSignature
        do {
            verified = try verifier.verify(element, key: key, index: try context.index(), budget: context.verificationBudget)
        } catch let error as XMLSecurityError where error.code == .invalidSignature {
            // SAML Token Profile 1.1 §3.5.1: a holder-of-key signature must be made with the key
            // the assertion confirms; one made with any other key fails here, and says so.
            guard case .samlAssertion = token else { throw error }
            throw Self.notTheConfirmedKey
        }
        if context.configuration.detectReplayedSignatures {
            let configuration = context.configuration
            // Remembered while the Timestamp this signature covers keeps the message acceptable;
            // a Timestamp it does not cover (one another party added) says nothing about it. The
            // Timestamp may follow the Signature in the header (WSS 1.1 §5 orders header elements
            // by when they were added, not by what they sign): it is read ahead then, and checked
            // when its turn comes.
            let timestamp = context.result.timestamp ?? Self.timestampAhead(of: element)
            let covered = timestamp.flatMap { verified.covers($0.element) ? $0.value.expires : nil }
            let expiry = (covered ?? context.now.addingTimeInterval((configuration.timestampMaxAge ?? 300) + configuration.clockSkew))
                .addingTimeInterval(configuration.clockSkew)
            switch configuration.replayRecording {
            case .immediate:
                guard try await configuration.replayCache.insertIfAbsent(Self.replayEntry(of: verified), expiry: expiry, now: context.now) else {
                    throw Self.replayed
                }
            case .deferredToReceiver:
                context.deferredReplayEntries.append(Self.replayEntry(of: verified), expiry: expiry, refusal: Self.replayed)
            }
        }
        context.result.signatures.append(.init(verified: verified, token: token))
    }

    /// The first `wsu:Timestamp` after `signature` in its security header, when it reads as one.
    private static func timestampAhead(of signature: XMLElement) -> (element: XMLElement, value: Timestamp)? {
        var sibling = signature.nextSibling
        while let element = sibling {
            if element.is("Timestamp", WSSNamespace.utility) {
                return (try? Timestamp(element: element)).map { (element, $0) }
            }
            sibling = element.nextSibling
        }
        return nil
    }
}

/// `xenc:EncryptedKey` addressed to one of our certificates: the key is recovered, kept for
/// later references, and the EncryptedData in its ReferenceList are decrypted at once.
struct EncryptedKeyProcessor: HeaderElementProcessor {
    func process(_ element: XMLElement, in context: ProcessingContext) async throws {
        let encryptedKey = try EncryptedKeyElement(element)
        let credential = try await recipient(of: encryptedKey, in: context)
        let referenced = try encryptedKey.dataReferences.map { try EncryptedDataElement(try context.element(forURI: $0).encryptedDataElement()) }
        let keyLength = referenced.first?.algorithm.keyLength ?? 32
        let decryptor = XMLDecryptor(policy: context.configuration.decryptionPolicy)
        let key = try decryptor.decryptKey(encryptedKey, privateKey: credential.privateKey, keyLength: keyLength)
        if let id = encryptedKey.id { context.encryptedKeys[id] = key }
        context.encryptedKeysBySHA1[DigestAlgorithm.sha1.hash(encryptedKey.cipherValue)] = key
        for data in referenced {
            try DataDecryption.decrypt(data, key: key, in: context)
        }
    }

    private func recipient(of encryptedKey: EncryptedKeyElement, in context: ProcessingContext) async throws -> X509Credential {
        let credentials = context.configuration.decryptionCredentials
        guard !credentials.isEmpty else {
            throw WSSecurityError(.securityTokenUnavailable, "no decryption key is configured")
        }
        guard let keyInfo = encryptedKey.keyInfo else {
            guard credentials.count == 1 else {
                throw WSSecurityError(.securityTokenUnavailable, "the EncryptedKey does not say which key it is for")
            }
            return credentials[0]
        }
        let resolver = TokenResolver(context: context)
        let info = try KeyInfo(keyInfo)
        guard let strElement = info.securityTokenReference,
            let certificate = try await resolver.resolve(try SecurityTokenReference(element: strElement)).certificate
        else {
            throw WSSecurityError(.securityTokenUnavailable, "the EncryptedKey names no certificate of ours")
        }
        guard let credential = credentials.first(where: { $0.certificate.isSame(as: certificate) }) else {
            throw WSSecurityError(.securityTokenUnavailable, "the EncryptedKey is for a certificate we hold no key for")
        }
        return credential
    }
}

/// A standalone `xenc:ReferenceList`: each EncryptedData names its own key in its KeyInfo.
struct ReferenceListProcessor: HeaderElementProcessor {
    func process(_ element: XMLElement, in context: ProcessingContext) async throws {
        for reference in element.children("DataReference", XMLSecurityNamespace.xenc) {
            guard let uri = reference.attribute("URI") else {
                throw WSSecurityError(.invalidSecurity, "a DataReference lacks URI")
            }
            let data = try EncryptedDataElement(try context.element(forURI: uri).encryptedDataElement())
            let key = try await TokenResolver(context: context).symmetricKey(for: data.keyInfo)
            try DataDecryption.decrypt(data, key: key, in: context)
        }
    }
}

/// `wsse11:SignatureConfirmation` (WSS 1.1 §8.5).
struct SignatureConfirmationProcessor: HeaderElementProcessor {
    func process(_ element: XMLElement, in context: ProcessingContext) async throws {
        let value = try element.attribute("Value").map { text -> [UInt8] in
            guard let data = Data(base64Encoded: text) else {
                throw WSSecurityError(.invalidSecurity, "a SignatureConfirmation Value is not valid Base64")
            }
            return [UInt8](data)
        }
        context.result.signatureConfirmations.append(value)
    }
}

/// Decrypts an EncryptedData in place; a `wsse11:EncryptedHeader` is replaced by the header it hides.
enum DataDecryption {
    static func decrypt(_ data: EncryptedDataElement, key: [UInt8], in context: ProcessingContext) throws {
        let wrapper = data.element.parent.flatMap { $0.is("EncryptedHeader", WSSNamespace.secext11) ? $0 : nil }
        var decrypted = try XMLDecryptor(policy: context.configuration.decryptionPolicy).decrypt(data, key: key)
        try context.documentChanged(removing: data.element, inserting: decrypted.elements)
        if let wrapper, let header = wrapper.parent, decrypted.elements.count == 1 {
            let restored = header.addCopy(of: decrypted.elements[0], before: wrapper)
            wrapper.remove()
            try context.documentChanged(removing: wrapper, inserting: [restored])
            decrypted = DecryptedContent(
                type: .element, parent: header, elements: [restored],
                algorithm: decrypted.algorithm, encryptedDataID: decrypted.encryptedDataID)
        }
        context.result.decryptions.append(decrypted)
    }
}

extension XMLElement {
    /// The EncryptedData itself, or the one inside a `wsse11:EncryptedHeader`.
    func encryptedDataElement() throws -> XMLElement {
        if self.is("EncryptedHeader", WSSNamespace.secext11), let inner = firstChild("EncryptedData", XMLSecurityNamespace.xenc) {
            return inner
        }
        return self
    }
}
