import Foundation
import SecurityCore
import SOAP
import StoreProtocols
import TesseraCrypto
import WSSecurity
import WSTrust
import XMLCore
import XMLSecurity

/// A context as the client holds it: the token to name it by and its secret.
struct IssuedContext: Sendable {
    let token: SecurityContextToken
    let record: SecurityContextRecord
}

/// Reads the RSTR of an issue or renewal (WS-SC 1.3 §3, §5) on the client: the token, and the
/// secret computed from the proof token (WS-Trust 1.3 §4.4.3–4.4.4).
struct IssuedContextReader {
    let version: SecureConversationVersion
    /// The entropy the request carried.
    let clientEntropy: [UInt8]?
    let requestedKeySize: Int
    /// Decrypts an EncryptedKey proof (X.509 bootstrap).
    let credential: X509Credential?
    /// Whether a secret in a BinarySecret proof arrived confidentially (encrypted Body or TLS).
    let confidential: Bool
    /// Key sizes the client accepts from the service, in bits.
    static let acceptedKeySizes = 128...1024

    /// The RSTR in `payload`: an RSTR, or the first of an RSTRC.
    func response(in payload: XMLElement?) throws -> RequestSecurityTokenResponse {
        let trust = version.trustVersion.namespace
        guard let payload, payload.namespaceURI == trust else { throw Self.invalid("the response is not a WS-Trust response of the context's version") }
        if payload.localName == "RequestSecurityTokenResponseCollection" {
            guard let first = try RequestSecurityTokenResponseCollection(element: payload).responses.first else {
                throw Self.invalid("the response collection is empty")
            }
            return first
        }
        return try RequestSecurityTokenResponse(element: payload)
    }

    func context(from rstr: RequestSecurityTokenResponse, now: Date) throws -> IssuedContext {
        guard let element = rstr.requestedSecurityToken, let token = try? SecurityContextToken(element: element), token.version == version else {
            throw Self.invalid("the response carries no security context token of the expected version")
        }
        let bits = rstr.keySize ?? requestedKeySize
        guard Self.acceptedKeySizes.contains(bits), bits % 8 == 0 else { throw Self.invalid("the granted KeySize is not acceptable") }
        let secret = try self.secret(rstr, length: bits / 8)
        // The secret keys every HMAC of the session: never under the 128-bit floor.
        guard secret.count >= HMACFunction.minimumKeyByteCount else { throw Self.invalid("the context's secret is shorter than 128 bits") }
        let record = SecurityContextRecord(
            identifier: token.identifier, instance: token.instance, secret: secret, owner: "",
            created: rstr.lifetime?.created ?? now, expires: rstr.lifetime?.expires ?? .distantFuture)
        return IssuedContext(token: token, record: record)
    }

    private func secret(_ rstr: RequestSecurityTokenResponse, length: Int) throws -> [UInt8] {
        let trust = version.trustVersion
        switch rstr.requestedProofToken {
        case .computedKey(let algorithm)?:
            // The service's entropy travels in the clear inside the Body it encrypted for us.
            guard algorithm == trust.computedKeyPSHA1, let clientEntropy, case .binarySecret(let serverEntropy)? = rstr.entropy else {
                throw Self.invalid("a computed key needs P_SHA1 and both entropies")
            }
            return PSHA1.derive(secret: clientEntropy, seed: serverEntropy.value, length: length)
        case .encryptedKey(let element)?:
            guard let credential else { throw Self.invalid("an encrypted proof key needs a client certificate") }
            do {
                return try XMLDecryptor().decryptKey(try EncryptedKeyElement(element), privateKey: credential.privateKey, keyLength: length)
            } catch {
                throw SecureConversationError(.responseRejected, "the proof key could not be decrypted")
            }
        case .binarySecret(let secret)?:
            guard confidential else { throw SecureConversationError(.responseRejected, "the proof key arrived in the clear") }
            return secret.value
        case nil:
            // WS-Trust 1.3 §4.4.3: with only requestor entropy, that entropy is the key.
            guard let clientEntropy, rstr.entropy == nil else { throw Self.invalid("the response gives no proof of the key") }
            return clientEntropy
        }
    }

    private static func invalid(_ reason: String) -> SecureConversationError {
        SecureConversationError(.invalidResponse, reason)
    }
}
