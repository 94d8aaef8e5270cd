import Foundation
import JWTKit

/// Verifies JWTs the STS issued itself (Validate and Cancel targets), with the public halves of
/// its JWT keys only:
/// - at most ``maximumLength`` characters, a compact JWS (RFC 7515 §7.1) of three parts;
/// - header `alg` RS256 or ES256 and a key of that algorithm (and of the header's `kid`, when
///   both name one) — `none`, HMAC and every other algorithm are refused before any key is
///   tried, and so is a `crit` header (RFC 7515 §4.1.11: no extension is understood here);
/// - the signature, by jwt-kit;
/// - `iss` equal to the STS's name.
///
/// Time is not judged here: jwt-kit's claim checks read the system clock, so ``checkTime(of:now:clockSkew:)``
/// judges `nbf` and `exp` against the STS's injected clock instead. Whether the token is still
/// `issued` is the token store's word, asked by the caller.
struct OwnJWTVerifier: Sendable {
    /// The longest token accepted, in characters (the STS's own tokens are far smaller).
    static let maximumLength = 16 * 1024

    let issuerName: String
    let keys: [JWTVerificationKey]

    /// The claims of `jwt` once its form, algorithm, signature and issuer are verified.
    func claims(of jwt: String) async throws(JWTValidationError) -> JWTClaimSet {
        guard jwt.utf8.count <= Self.maximumLength else {
            throw JWTValidationError(.tooLarge, "the token is too large")
        }
        let header = try Self.header(of: jwt)
        guard header.crit == nil else {
            throw JWTValidationError(.extensionNotUnderstood, "the token's header names an extension that is not understood")
        }
        guard let algorithm = JWTSigningAlgorithm(rawValue: header.alg) else {
            throw JWTValidationError(.algorithmNotAccepted, "the token's signature algorithm is not accepted")
        }
        let candidates = keys.filter { key in
            key.algorithm == algorithm && (header.kid == nil || key.keyID == nil || key.keyID == header.kid)
        }
        var malformed = false
        for key in candidates {
            do {
                let claims = try await key.keyCollection().verify(jwt, as: SignedClaims.self).claims
                guard claims.issuer == issuerName else {
                    throw JWTValidationError(.issuerNotAccepted, "the token was not issued by this STS")
                }
                return claims
            } catch let error as JWTValidationError {
                throw error
            } catch let error as JWTError where error.errorType == .signatureVerificationFailed {
                continue
            } catch {
                malformed = true
            }
        }
        if malformed { throw JWTValidationError(.malformed, "the token is malformed") }
        throw JWTValidationError(.invalidSignature, "the token's signature does not verify")
    }

    /// Checks `claims`' validity window at `now`, allowing `clockSkew` either way
    /// (RFC 7519 §4.1.4, §4.1.5).
    func checkTime(of claims: JWTClaimSet, now: Date, clockSkew: TimeInterval) throws(JWTValidationError) {
        guard now >= claims.notBefore.addingTimeInterval(-clockSkew) else {
            throw JWTValidationError(.notYetValid, "the token is not yet valid")
        }
        guard now < claims.expires.addingTimeInterval(clockSkew) else {
            throw JWTValidationError(.expired, "the token has expired")
        }
    }

    /// The JOSE header fields the verifier reads.
    private struct Header: Decodable {
        let alg: String
        let kid: String?
        let crit: [String]?
    }

    private static func header(of jwt: String) throws(JWTValidationError) -> Header {
        let parts = jwt.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let data = Data(base64URLEncoded: parts[0]),
            let header = try? JSONDecoder().decode(Header.self, from: data)
        else {
            throw JWTValidationError(.malformed, "the token is malformed")
        }
        return header
    }

    /// The claims as jwt-kit decodes them; its `verify(using:)` hook judges nothing, because
    /// time is checked against the STS's clock by ``checkTime(of:now:clockSkew:)``.
    private struct SignedClaims: JWTPayload {
        let claims: JWTClaimSet

        init(from decoder: any Decoder) throws {
            claims = try JWTClaimSet(from: decoder)
        }

        func encode(to encoder: any Encoder) throws {
            try claims.encode(to: encoder)
        }

        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }
}

private extension Data {
    /// Decodes unpadded Base64url (RFC 4648 §5); nil for anything else.
    init?(base64URLEncoded text: Substring) {
        guard text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else { return nil }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        self.init(base64Encoded: base64)
    }
}
