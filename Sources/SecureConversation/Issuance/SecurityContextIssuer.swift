import Foundation
import StoreProtocols
import TesseraCrypto
import WSSecurity
import WSTrust
import XMLCore

/// Makes new contexts and renewed ones and the RSTR that hands them to the requestor
/// (WS-SC 1.3 §3 and §5): the SecurityContextToken (`urn:uuid:` Identifier, `wsu:Id`, and a
/// cookie for a stateless service), its attached and unattached references, the proof token
/// and service entropy from ``ContextKeyPolicy``, Lifetime and KeySize. It decides nothing
/// about who may ask: the service checks that first.
struct SecurityContextIssuer: Sendable {
    var keys: ContextKeyPolicy
    var lifetimes: ContextLifetimePolicy
    /// Seals contexts into their tokens (stateless service); nil when a store keeps them.
    var cookie: SecurityContextCookie?

    struct Issued {
        let record: SecurityContextRecord
        let token: SecurityContextToken
        let response: RequestSecurityTokenResponse
    }

    /// A new context for `owner`. `recipient` receives a service-made secret (no client entropy).
    /// `appliesTo` names the service a token service issues it for (nil: the issuing service).
    func issue(
        _ request: RequestSecurityToken, clientEntropy: [UInt8]?, owner: String, recipient: PublicKey?, now: Date,
        appliesTo: String? = nil
    ) throws -> Issued {
        try make(
            identifier: SecurityContextToken.newIdentifier(), instance: cookie == nil ? nil : Self.newInstance(), owner: owner,
            appliesTo: appliesTo, request: request, clientEntropy: clientEntropy, recipient: recipient, now: now)
    }

    /// New key material and lifetime for `current`: same Identifier, new Instance (WS-SC 1.3 §5).
    func renew(_ current: SecurityContextRecord, request: RequestSecurityToken, clientEntropy: [UInt8]?, now: Date) throws -> Issued {
        try make(
            identifier: current.identifier, instance: Self.newInstance(), owner: current.owner, appliesTo: current.appliesTo,
            request: request, clientEntropy: clientEntropy, recipient: nil, now: now)
    }

    private func make(
        identifier: String, instance: String?, owner: String, appliesTo: String?, request: RequestSecurityToken, clientEntropy: [UInt8]?,
        recipient: PublicKey?, now: Date
    ) throws -> Issued {
        let trust = request.version
        let version = SecureConversationVersion(trustVersion: trust)
        let expires = try lifetimes.expiry(requested: request.lifetime, now: now)
        let key = try keys.issue(keySize: request.keySize, clientEntropy: clientEntropy, version: trust, recipient: recipient)
        let record = SecurityContextRecord(
            identifier: identifier, instance: instance, secret: key.secret, owner: owner, created: now, expires: expires,
            appliesTo: appliesTo)
        var token = SecurityContextToken(version: version, identifier: identifier, instance: instance, id: RandomIdentifier.id("SCT"))
        if let cookie { token.cookie = try cookie.seal(record) }

        let holder = XMLDocument(rootLocalName: "RequestedSecurityToken", namespace: trust.namespace, prefix: "wst")
        var response = RequestSecurityTokenResponse(version: trust)
        response.context = request.context
        response.tokenType = version.tokenType
        // WS-Trust 1.3 §4.4: the service the token is scoped to, when a token service issued it.
        if appliesTo != nil { response.appliesTo = request.appliesTo }
        response.requestedSecurityToken = token.write(into: holder.root)
        if let attached = token.attachedReference {
            response.requestedAttachedReference = SecurityTokenReference.write(attached, into: holder.root)
        }
        response.requestedUnattachedReference = SecurityTokenReference.write(token.unattachedReference, into: holder.root)
        response.requestedProofToken = key.proof
        response.entropy = key.serverEntropy.map { .binarySecret($0) }
        response.lifetime = Lifetime(created: now, expires: expires)
        response.keySize = key.keySize
        return Issued(record: record, token: token, response: response)
    }

    private static func newInstance() -> String {
        RandomIdentifier.uuidURN()
    }
}
