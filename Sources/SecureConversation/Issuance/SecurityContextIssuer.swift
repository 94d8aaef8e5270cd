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

    /// A new context for `owner`, established with `assertion` when the bootstrap was an issued
    /// one. `recipient` receives a service-made secret (no client entropy). `appliesTo` names the
    /// service a token service issues it for (nil: the issuing service).
    func issue(
        _ request: RequestSecurityToken, clientEntropy: [UInt8]?, owner: String, assertion: BootstrapAssertion? = nil,
        recipient: PublicKey?, now: Date, appliesTo: String? = nil
    ) throws -> Issued {
        let expires = try lifetimes.expiry(requested: request.lifetime, now: now)
        let key = try keys.issue(keySize: request.keySize, clientEntropy: clientEntropy, version: request.version, recipient: recipient)
        let record = SecurityContextRecord(
            identifier: SecurityContextToken.newIdentifier(), instance: cookie == nil ? nil : Self.newInstance(),
            secret: key.secret, owner: owner, bootstrapAssertion: assertion, created: now, expires: expires, appliesTo: appliesTo)
        return try make(record, key: key, request: request, now: now)
    }

    /// New key material and lifetime for `current`: same Identifier, new Instance (WS-SC 1.3 §5),
    /// the same owner, claims and bootstrap assertion.
    func renew(_ current: SecurityContextRecord, request: RequestSecurityToken, clientEntropy: [UInt8]?, now: Date) throws -> Issued {
        let expires = try lifetimes.expiry(requested: request.lifetime, now: now)
        let key = try keys.issue(keySize: request.keySize, clientEntropy: clientEntropy, version: request.version, recipient: nil)
        var record = current
        record.instance = Self.newInstance()
        record.secret = key.secret
        record.created = now
        record.expires = expires
        record.status = .active
        return try make(record, key: key, request: request, now: now)
    }

    /// The answer to an Amend of `amended` (WS-SC 1.3 §7): the context's token again (a cookie
    /// context's with a cookie that carries the added claims), same Identifier, Instance, keys
    /// and lifetime.
    func amend(_ amended: SecurityContextRecord, request: RequestSecurityToken) throws -> Issued {
        try make(amended, key: nil, request: request, now: amended.created)
    }

    private func make(_ record: SecurityContextRecord, key: IssuedKey?, request: RequestSecurityToken, now: Date) throws -> Issued {
        let trust = request.version
        let version = SecureConversationVersion(trustVersion: trust)
        var token = SecurityContextToken(version: version, identifier: record.identifier, instance: record.instance, id: RandomIdentifier.id("SCT"))
        if let cookie { token.cookie = try cookie.seal(record) }

        let holder = XMLDocument(rootLocalName: "RequestedSecurityToken", namespace: trust.namespace, prefix: "wst")
        var response = RequestSecurityTokenResponse(version: trust)
        response.context = request.context
        response.tokenType = version.tokenType
        // WS-Trust 1.3 §4.4: the service the token is scoped to, when a token service issued it.
        if record.appliesTo != nil { response.appliesTo = request.appliesTo }
        response.requestedSecurityToken = token.write(into: holder.root)
        if let attached = token.attachedReference {
            response.requestedAttachedReference = SecurityTokenReference.write(attached, into: holder.root)
        }
        response.requestedUnattachedReference = SecurityTokenReference.write(token.unattachedReference, into: holder.root)
        guard let key else {
            response.lifetime = Lifetime(created: record.created, expires: record.expires)
            return Issued(record: record, token: token, response: response)
        }
        let expires = record.expires
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
