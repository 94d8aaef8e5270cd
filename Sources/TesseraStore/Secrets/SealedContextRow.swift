import StoreProtocols

/// A security context as both stores keep it: the record's fields with times in store
/// microseconds and the secret sealed.
struct SealedContextRow: Sendable {
    var identifier: String
    var instance: String?
    var owner: String
    var appliesTo: String?
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
        created = try StoreTime.microseconds(record.created)
        expires = try StoreTime.microseconds(record.expires)
        status = record.status.rawValue
        masterKeyIdentifier = sealer.keyIdentifier
        sealedSecret = []
        sealedSecret = try sealer.seal(record.secret, binding)
    }

    init(
        identifier: String, instance: String?, owner: String, created: Int64, expires: Int64, status: String,
        sealedSecret: [UInt8], masterKeyIdentifier: [UInt8], appliesTo: String? = nil
    ) {
        self.identifier = identifier
        self.appliesTo = appliesTo
        self.instance = instance
        self.owner = owner
        self.created = created
        self.expires = expires
        self.status = status
        self.sealedSecret = sealedSecret
        self.masterKeyIdentifier = masterKeyIdentifier
    }

    var binding: ContextSecretSealer.Binding {
        .init(identifier: identifier, instance: instance, owner: owner, created: created, expires: expires, appliesTo: appliesTo)
    }

    /// The record, its secret opened; throws when the secret cannot be (wrong master key,
    /// altered or moved row) or the status is unknown.
    func record(sealer: ContextSecretSealer) throws -> SecurityContextRecord {
        SecurityContextRecord(
            identifier: identifier, instance: instance,
            secret: try sealer.open(sealedSecret, sealedUnder: masterKeyIdentifier, binding),
            owner: owner, created: StoreTime.date(created), expires: StoreTime.date(expires),
            status: try StoredStatus.context(status), appliesTo: appliesTo)
    }
}
