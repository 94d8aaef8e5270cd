public import Foundation
public import SecurityCore
import WSSecurity
public import WSTrust

/// What one Issue produced: the token, the response that carries it, and the proof key.
public struct Issuance {
    public let token: IssuedToken
    /// The RSTR; write it with ``RequestSecurityTokenResponse/writeFinalIssueResponse(into:)``.
    public let response: RequestSecurityTokenResponse
    public let proof: ProofMaterial
}

/// Issues the token an issuance decision calls for, transport-independent: the proof key
/// (``ProofKeyIssuer``), then a SAML 2.0 / 1.1 assertion (``SAMLTokenIssuer``), a JWT
/// (``JWTTokenIssuer``) or a UsernameToken identity assertion (``UsernameTokenIssuer``), then
/// the RSTR shaped as the RSTR of the token-transformation scenario.
public struct TokenIssuer: Sendable {
    public let saml: SAMLTokenIssuer
    public let jwt: JWTTokenIssuer
    public let usernameToken = UsernameTokenIssuer()
    public let proofKeys: ProofKeyIssuer

    /// - Parameters:
    ///   - issuerName: the STS's name (assertion Issuer, JWT `iss`).
    ///   - credential: signs assertions and decrypts requestor entropy encrypted for the STS.
    ///   - jwtKeys: the keys JWTs are signed with; nil uses `credential`'s key (RS256 for RSA,
    ///     ES256 for P-256), an empty list issues no JWTs.
    ///   - proofKeyPolicy: key sizes and entropy rules for symmetric proof keys.
    public init(
        issuerName: String, credential: X509Credential, jwtKeys: [JWTSigningKey]? = nil,
        proofKeyPolicy: ProofKeyPolicy = ProofKeyPolicy()
    ) {
        saml = SAMLTokenIssuer(issuerName: issuerName, credential: credential)
        jwt = JWTTokenIssuer(issuerName: issuerName, keys: jwtKeys ?? [try? JWTSigningKey(credential.privateKey)].compactMap { $0 })
        proofKeys = ProofKeyIssuer(policy: proofKeyPolicy, credential: credential)
    }

    /// Issues a token for `subject` answering `request` as `decision` settled it, valid for
    /// `lifetime`. `requestor` is what the service verified about the requestor's keys and
    /// channel. Every failure is a `WSTrustError` with a safe reason.
    public func issue(
        for request: RequestSecurityToken, subject: IssuedSubject, decision: IssuanceDecision, lifetime: Lifetime,
        requestor: RequestorKeyFacts, now: Date
    ) async throws -> Issuance {
        if decision.tokenType.canonical == .jwt, decision.keyType != .bearer {
            throw WSTrustError(.invalidRequest, "JWTs are issued as bearer tokens only")
        }
        if decision.tokenType.canonical == .usernameToken, decision.keyType != .bearer {
            throw WSTrustError(.invalidRequest, "a UsernameToken carries no proof key: it is issued as a bearer token only")
        }
        let proof = try proofKeys.proof(
            for: request, keyType: decision.keyType,
            relyingPartyCertificate: decision.relyingParty?.encryptionCertificate, requestor: requestor)
        let token: IssuedToken
        switch decision.tokenType.canonical {
        case .saml20, .saml11:
            token = try saml.issue(for: subject, decision: decision, lifetime: lifetime, proof: proof, now: now)
        case .jwt:
            token = try await jwt.issue(for: subject, decision: decision, lifetime: lifetime, now: now)
        case .usernameToken:
            token = try usernameToken.issue(for: subject, lifetime: lifetime, now: now)
        default:
            throw WSTrustError(.badRequest, "the token type \(decision.tokenType) cannot be issued")
        }
        let response = token.response(decision: decision, proof: proof, version: request.version, context: request.context)
        return Issuance(token: token, response: response, proof: proof)
    }
}
