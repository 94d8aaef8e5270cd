import SAML
import TesseraCrypto
import WSTrust
import X509
import XMLSecurity

/// A relying-party setting that cannot work, found before the STS serves requests.
public struct RelyingPartyConfigurationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The party's name.
    public let party: String
    /// The setting at fault, as the configuration names it.
    public let field: String
    public let reason: String

    public var description: String { "relying party \(party): \(field): \(reason)" }
}

extension RelyingParty {
    /// Checks that the settings fit together, so a misconfiguration is reported at start rather
    /// than as a refused request: the default key type is accepted; symmetric proof keys have an
    /// RSA certificate to be encrypted for; SAML 1.1 and JWTs are not asked to be encrypted; JWTs
    /// are bearer tokens without registered claim names; UsernameTokens are bearer tokens without
    /// claims or encryption; RSA-SHA1 only with its weak switch; holder-of-key is
    /// not configured as the bearer confirmation; claim names are not empty.
    public func validate() throws {
        func fail(_ field: String, _ reason: String) -> RelyingPartyConfigurationError {
            RelyingPartyConfigurationError(party: name, field: field, reason: reason)
        }
        guard acceptedKeyTypes.contains(keyType) else {
            throw fail("keyType", "the default key type is not among the accepted key types")
        }
        if acceptedKeyTypes.contains(.symmetricKey) {
            guard let encryptionCertificate, let key = try? PublicKey(certificate: encryptionCertificate), case .rsa = key.keyType else {
                throw fail("encryptionCertificate", "SymmetricKey tokens need an RSA certificate to encrypt the proof key for")
            }
        }
        if confirmation == .holderOfKey {
            throw fail("confirmation", "holder-of-key comes from a SymmetricKey or PublicKey request; configure bearer or sender-vouches")
        }
        if claims.contains(where: { $0.name.isEmpty }) {
            throw fail("claims", "a claim needs a name")
        }
        if signatureAlgorithm.isWeakPublicKeySHA1, !_WEAK_allowSHA1Signature {
            throw fail("signatureAlgorithm", "SHA-1 signatures are refused unless explicitly allowed")
        }
        switch tokenType.canonical {
        case .saml11:
            if encryptionCertificate != nil, encryptsToken {
                throw fail("encryptsToken", "SAML 1.1 has no EncryptedAssertion; turn token encryption off")
            }
        case .saml20:
            break
        case .jwt:
            if acceptedKeyTypes != [.bearer] {
                throw fail("acceptedKeyTypes", "JWTs are issued as bearer tokens only")
            }
            if encryptionCertificate != nil, encryptsToken {
                throw fail("encryptsToken", "JWTs are not encrypted (no JWE); turn token encryption off")
            }
            if let reserved = claims.first(where: { JWTClaimSet.registeredNames.contains($0.name) }) {
                throw fail("claims", "\(reserved.name) is a registered JWT claim the STS sets itself")
            }
        case .usernameToken:
            // Username Token Profile 1.1 §3.1: a username, nothing to confirm a key or carry claims.
            if acceptedKeyTypes != [.bearer] {
                throw fail("acceptedKeyTypes", "a UsernameToken carries no proof key: bearer only")
            }
            if encryptionCertificate != nil, encryptsToken {
                throw fail("encryptsToken", "a UsernameToken is not encrypted; turn token encryption off")
            }
            if !claims.isEmpty {
                throw fail("claims", "a UsernameToken carries no attributes")
            }
        default:
            throw fail("tokenType", "\(tokenType) is not a token type the STS issues")
        }
    }
}
