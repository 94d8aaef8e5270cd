import SecurityCore
import SOAP
import Foundation
import TesseraCrypto
import X509
import XMLCore
import XMLSecurity

/// Turns a `ds:KeyInfo` into a key the caller may use, deciding trust on the way: X.509
/// certificates must validate against the trust store; bare key values are never trusted.
struct TokenResolver {
    let context: ProcessingContext

    enum Resolved {
        /// A certificate, its chain, and its DER encoding when the message carried it.
        case certificate(Certificate, chain: [Certificate], der: [UInt8]? = nil)
        /// A certificate the trust store parsed from the message (a BinarySecurityToken), and
        /// its chain.
        case knownCertificate(X509TrustStore.KnownCertificate, chain: [Certificate])
        case symmetric([UInt8], SecurityToken)
        /// A SAML assertion's holder-of-key certificate, trusted because the assertion is.
        case samlConfirmation(Certificate, SecurityToken)

        /// The X.509 certificate resolved, when one was (not a SAML confirmation key).
        var certificate: Certificate? {
            switch self {
            case .certificate(let certificate, _, _): certificate
            case .knownCertificate(let known, _): known.certificate
            case .symmetric, .samlConfirmation: nil
            }
        }
    }

    /// Resolves and validates the key of a signature.
    func verificationKey(for keyInfoElement: XMLElement?) async throws -> (VerificationKey, SecurityToken) {
        switch try await resolve(keyInfoElement) {
        case .certificate(let certificate, let chain, let der):
            let trustStore = try await validate(certificate, der: der, chain: chain)
            try Self.checkSigningUsage(certificate)
            return (try Self.publicKey { try trustStore.publicKey(of: certificate, der: der) }, .x509(certificate, chain: chain))
        case .knownCertificate(let known, let chain):
            let trustStore = try await validate(known, chain: chain)
            try Self.checkSigningUsage(known.certificate)
            return (try Self.publicKey { try trustStore.publicKey(of: known) }, .x509(known.certificate, chain: chain))
        case .symmetric(let key, let token):
            return (.secret(key), token)
        case .samlConfirmation(let certificate, let token):
            do {
                return (.publicKey(try PublicKey(certificate: certificate)), token)
            } catch {
                throw WSSecurityError(.invalidSecurityToken, "the SAML assertion's confirmation key is not supported")
            }
        }
    }

    /// Resolves the key of an EncryptedData from its KeyInfo (an STR to an EncryptedKey or a
    /// context key).
    func symmetricKey(for keyInfoElement: XMLElement?) async throws -> [UInt8] {
        guard case .symmetric(let key, _) = try await resolve(keyInfoElement) else {
            throw WSSecurityError(.securityTokenUnavailable, "the encrypted data does not reference a symmetric key")
        }
        return key
    }

    /// Validates `certificate` against the configured trust store and returns the store.
    func validate(_ certificate: Certificate, der: [UInt8]?, chain: [Certificate]) async throws -> X509TrustStore {
        try await validate { try await $0.validate(certificate, der: der, intermediates: chain, at: context.now) }
    }

    /// Validates `known` (parsed by the configured trust store) and returns the store.
    func validate(_ known: X509TrustStore.KnownCertificate, chain: [Certificate]) async throws -> X509TrustStore {
        try await validate { try await $0.validate(known, intermediates: chain, at: context.now) }
    }

    private func validate(_ check: (X509TrustStore) async throws -> Void) async throws -> X509TrustStore {
        guard let trustStore = context.configuration.trustStore else {
            throw WSSecurityError(.failedAuthentication, "no X.509 trust is configured")
        }
        do {
            try await check(trustStore)
        } catch let refusal as CertificateNotTrusted {
            throw WSSecurityError(.failedAuthentication, refusal.reason)
        }
        return trustStore
    }

    /// RFC 5280 §4.2.1.3: when key usage is stated, signing needs digitalSignature or nonRepudiation.
    private static func checkSigningUsage(_ certificate: Certificate) throws {
        if let usage = try? certificate.extensions.keyUsage, !usage.digitalSignature, !usage.nonRepudiation {
            throw WSSecurityError(.failedAuthentication, "the certificate's key usage does not allow signing")
        }
    }

    private static func publicKey(_ decode: () throws -> PublicKey) throws -> VerificationKey {
        do {
            return .publicKey(try decode())
        } catch {
            throw WSSecurityError(.invalidSecurityToken, "the certificate's public key is not supported")
        }
    }

    private func resolve(_ keyInfoElement: XMLElement?) async throws -> Resolved {
        guard let keyInfoElement else {
            throw WSSecurityError(.securityTokenUnavailable, "no KeyInfo identifies the key")
        }
        let keyInfo = try KeyInfo(keyInfoElement)
        if let strElement = keyInfo.securityTokenReference {
            return try await resolve(try SecurityTokenReference(element: strElement))
        }
        if let x509 = keyInfo.x509Data {
            if !x509.certificates.isEmpty {
                let certificates: [Certificate]
                do {
                    certificates = try x509.certificates.map { try Certificate(derEncoded: $0) }
                } catch {
                    throw WSSecurityError(.invalidSecurityToken, "an X509Certificate is not a valid certificate")
                }
                return .certificate(certificates[0], chain: Array(certificates.dropFirst()))
            }
            if let (issuer, serial) = x509.issuerSerials.first {
                return .certificate(try configuredCertificate { $0.matches(issuerName: issuer, serialNumber: serial) }, chain: [])
            }
            if let ski = x509.subjectKeyIdentifiers.first {
                return .certificate(try configuredCertificate { $0.subjectKeyIdentifierBytes == ski }, chain: [])
            }
        }
        if keyInfo.keyValue != nil {
            throw WSSecurityError(.failedAuthentication, "a bare KeyValue is not trusted")
        }
        throw WSSecurityError(.securityTokenUnavailable, "the KeyInfo names no supported token")
    }

    func resolve(_ reference: SecurityTokenReference) async throws -> Resolved {
        switch reference.form {
        case .reference(let uri, let valueType):
            if uri.hasPrefix("#") {
                return try await resolveInMessage(try context.element(forURI: uri), reference: reference)
            }
            return try await external(reference, description: valueType ?? uri)
        case .keyIdentifier(let valueType, let value, let text):
            switch valueType {
            case WSSURI.x509SubjectKeyIdentifier:
                return .certificate(try knownCertificate(inMessageOr: { $0.subjectKeyIdentifierBytes == value }), chain: [])
            case WSSURI.thumbprintSHA1:
                return .certificate(try knownCertificate(inMessageOr: { (try? $0.thumbprintSHA1) == value }), chain: [])
            case WSSURI.x509v3:
                // The identifier is the certificate itself, DER in Base64 (the `#X509v3` value
                // type of X.509 Token Profile 1.1 §3.1, WSS4J's X509KeyIdentifier). It is a
                // certificate carried in the message, trusted as an embedded one is: only if it
                // chains to an anchor or is pinned.
                return .certificate(try Self.certificate(der: value), chain: [], der: value)
            case WSSURI.encryptedKeySHA1:
                if let key = context.encryptedKeysBySHA1[value] { return .symmetric(key, .encryptedKey(id: nil)) }
                return try await external(reference, description: "EncryptedKeySHA1")
            case WSSURI.samlV20ID, WSSURI.samlV11ID:
                guard let assertion = context.result.samlAssertions.first(where: { $0.id == text }) else {
                    throw WSSecurityError(.securityTokenUnavailable, "the referenced SAML assertion is not in the security header")
                }
                return try await samlConfirmation(assertion)
            default:
                return try await external(reference, description: valueType)
            }
        case .issuerSerial(let issuer, let serial):
            return .certificate(try knownCertificate(inMessageOr: { $0.matches(issuerName: issuer, serialNumber: serial) }), chain: [])
        case .embedded(let token):
            return try await resolveInMessage(token, reference: reference)
        }
    }

    private func resolveInMessage(_ token: XMLElement, reference: SecurityTokenReference) async throws -> Resolved {
        switch (token.namespaceURI, token.localName) {
        case (WSSNamespace.secext, "BinarySecurityToken"):
            let bst = try context.result.binarySecurityTokens.first { $0.element == token } ?? BinarySecurityToken(element: token)
            if let known = bst.knownLeaf { return .knownCertificate(known, chain: Array(bst.certificates.dropFirst())) }
            return .certificate(bst.leaf, chain: Array(bst.certificates.dropFirst()), der: bst.leafDER)
        case (HeaderSAMLAssertion.saml20Namespace, "Assertion"), (HeaderSAMLAssertion.saml11Namespace, "Assertion"):
            guard let assertion = context.result.samlAssertions.first(where: { $0.element == token }) else {
                throw WSSecurityError(.securityTokenUnavailable, "the referenced SAML assertion is not in the security header")
            }
            return try await samlConfirmation(assertion)
        case (XMLSecurityNamespace.xenc, "EncryptedKey"):
            guard let id = token.attribute("Id"), let key = context.encryptedKeys[id] else {
                throw WSSecurityError(.securityTokenUnavailable, "the referenced EncryptedKey was not decrypted")
            }
            return .symmetric(key, .encryptedKey(id: id))
        default:
            if let processed = try await context.processedToken(token) {
                return try pluggedIn(processed)
            }
            return try await external(reference, description: token.name.description)
        }
    }

    /// The holder-of-key certificate of a header assertion, as the configured SAML layer trusts it.
    private func samlConfirmation(_ assertion: HeaderSAMLAssertion) async throws -> Resolved {
        guard let resolver = context.configuration.samlKeyResolver else {
            throw WSSecurityError(.securityTokenUnavailable, "SAML holder-of-key tokens are not accepted here")
        }
        let certificate: Certificate
        do {
            certificate = try await resolver.confirmationCertificate(of: assertion, at: context.now)
        } catch let error as WSSecurityError {
            throw error
        } catch {
            throw WSSecurityError(.failedAuthentication, "the SAML assertion is not trusted")
        }
        return .samlConfirmation(certificate, .samlAssertion(id: assertion.id, confirmationKey: certificate))
    }

    /// A key from a configured ``SecurityHeaderTokenProcessor`` or ``SymmetricKeyResolver``.
    /// It is a symmetric key, so it may not be labelled as an X.509 certificate or a SAML
    /// holder-of-key: authentication trusts those labels (``SecurityPolicy``, the STS), and only
    /// this resolver gives them, after validating the certificate or asking the
    /// ``SAMLConfirmationKeyResolver``.
    private func pluggedIn(_ resolved: ResolvedSymmetricKey) throws -> Resolved {
        switch resolved.token {
        case .x509, .samlAssertion:
            throw WSSecurityError(.invalidSecurityToken, "a symmetric key cannot stand for a certificate or a SAML assertion")
        case .encryptedKey, .external:
            return .symmetric(resolved.key, resolved.token)
        }
    }

    private func external(_ reference: SecurityTokenReference, description: String) async throws -> Resolved {
        if let resolver = context.configuration.symmetricKeyResolver {
            let info = InboundContextInfo(keysFromEncryptedKeys: context.encryptedKeys, now: context.now)
            if let resolved = try await resolver.key(for: reference, in: info) {
                return try pluggedIn(resolved)
            }
        }
        throw WSSecurityError(.securityTokenUnavailable, "the referenced token (\(description)) is not available")
    }

    private static func certificate(der: [UInt8]) throws -> Certificate {
        do {
            return try Certificate(derEncoded: der)
        } catch {
            throw WSSecurityError(.invalidSecurityToken, "an X509v3 KeyIdentifier is not a valid certificate")
        }
    }

    private func knownCertificate(inMessageOr matches: (Certificate) -> Bool) throws -> Certificate {
        let inMessage = context.result.binarySecurityTokens.flatMap(\.certificates)
        if let found = inMessage.first(where: matches) { return found }
        return try configuredCertificate(matches)
    }

    private func configuredCertificate(_ matches: (Certificate) -> Bool) throws -> Certificate {
        let known = (context.configuration.trustStore?.allCertificates ?? []) + context.configuration.decryptionCredentials.map(\.certificate)
        guard let found = known.first(where: matches) else {
            throw WSSecurityError(.securityTokenUnavailable, "the referenced certificate is not known")
        }
        return found
    }
}
