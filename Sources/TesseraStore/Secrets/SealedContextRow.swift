import Foundation
import StoreProtocols

/// A security context as both stores keep it: the record's fields with times in store
/// microseconds and the secret sealed.
struct SealedContextRow: Sendable {
    var identifier: String
    var instance: String?
    var owner: String
    var appliesTo: String?
    /// The amended claims as a JSON array of strings (`[]` when none).
    var claims: String
    var bootstrapIssuer: String?
    var bootstrapAssertion: String?
    var created: Int64
    var expires: Int64
    var status: String
    var sealedSecret: [UInt8]
    var masterKeyIdentifier: [UInt8]

    /// Checks the record against ``StoreLimits`` and seals its secret.
    init(_ record: SecurityContextRecord, sealer: ContextSecretSealer) throws {
        try StoreLimits.check(record)
        identifier = record.identifier
        instance = record.instance
        owner = record.owner
        appliesTo = record.appliesTo
        claims = try Self.encode(record.claims)
        bootstrapIssuer = record.bootstrapAssertion?.issuer
        bootstrapAssertion = record.bootstrapAssertion?.id
        created = try StoreTime.microseconds(record.created)
        expires = try StoreTime.microseconds(record.expires)
        status = record.status.rawValue
        masterKeyIdentifier = sealer.keyIdentifier
        sealedSecret = []
        sealedSecret = try sealer.seal(record.secret, try binding)
    }

    init(
        identifier: String, instance: String?, owner: String, claims: String, bootstrapIssuer: String?,
        bootstrapAssertion: String?, created: Int64, expires: Int64, status: String,
        sealedSecret: [UInt8], masterKeyIdentifier: [UInt8], appliesTo: String? = nil
    ) {
        self.identifier = identifier
        self.appliesTo = appliesTo
        self.instance = instance
        self.owner = owner
        self.claims = claims
        self.bootstrapIssuer = bootstrapIssuer
        self.bootstrapAssertion = bootstrapAssertion
        self.created = created
        self.expires = expires
        self.status = status
        self.sealedSecret = sealedSecret
        self.masterKeyIdentifier = masterKeyIdentifier
    }

    var binding: ContextSecretSealer.Binding {
        get throws {
            .init(
                identifier: identifier, instance: instance, owner: owner, created: created, expires: expires,
                claims: try Self.decode(claims), bootstrapIssuer: bootstrapIssuer, bootstrapAssertion: bootstrapAssertion,
                appliesTo: appliesTo)
        }
    }

    /// The record, its secret opened; throws when the secret cannot be (wrong master key,
    /// altered or moved row) or the status is unknown.
    func record(sealer: ContextSecretSealer) throws -> SecurityContextRecord {
        let binding = try binding
        var assertion: BootstrapAssertion?
        switch (bootstrapIssuer, bootstrapAssertion) {
        case (nil, nil): assertion = nil
        case (let issuer?, let id?): assertion = BootstrapAssertion(issuer: issuer, id: id)
        default: throw StoreError(.secretUnreadable, "context \(identifier) names half of a bootstrap assertion")
        }
        return SecurityContextRecord(
            identifier: identifier, instance: instance,
            secret: try sealer.open(sealedSecret, sealedUnder: masterKeyIdentifier, binding),
            owner: owner, claims: binding.claims, bootstrapAssertion: assertion,
            created: StoreTime.date(created), expires: StoreTime.date(expires),
            status: try StoredStatus.context(status), appliesTo: appliesTo)
    }

    private static func encode(_ claims: [String]) throws -> String {
        String(decoding: try JSONEncoder().encode(claims), as: UTF8.self)
    }

    private static func decode(_ claims: String) throws -> [String] {
        guard let decoded = try? JSONDecoder().decode([String].self, from: Data(claims.utf8)) else {
            throw StoreError(.secretUnreadable, "the claims column does not hold a list of names")
        }
        return decoded
    }
}
