import Foundation
import TesseraCrypto

/// Seals a security context's secret for storage: AES-256-GCM under a key derived from the
/// master key, with associated data that binds the ciphertext to the context's identifier,
/// instance, owner, lifetime, amended claims, bootstrap assertion and AppliesTo. A sealed secret copied to
/// another row, or a row whose owner, claims or expiry was edited, fails the integrity check
/// instead of yielding a secret.
///
/// Not covered: the status column (a database writer could revert a cancellation) and row
/// deletion; protecting those needs the database's own access control.
///
/// Stored form: `version (1 byte, 0x01) || nonce (12) || ciphertext || tag (16)`, next to the
/// master key's identifier in its own column.
struct ContextSecretSealer: Sendable {
    /// What the associated data binds, as stored (dates in store microseconds).
    struct Binding {
        var identifier: String
        var instance: String?
        var owner: String
        var created: Int64
        var expires: Int64
        var claims: [String] = []
        var bootstrapIssuer: String?
        var bootstrapAssertion: String?
        /// Bound only when present, so that rows sealed before it existed still open.
        var appliesTo: String? = nil
    }

    static let version: UInt8 = 1
    private static let label = Array("tessera-store/security-context/v1".utf8)

    private let key: [UInt8]
    let keyIdentifier: [UInt8]

    init(masterKey: MasterKey) {
        key = masterKey.derive("tessera-store/v1/security-context-secret")
        keyIdentifier = masterKey.keyIdentifier
    }

    func seal(_ secret: [UInt8], _ binding: Binding) throws -> [UInt8] {
        [Self.version] + (try AESGCM.encrypt(secret, key: key, authenticating: Self.associatedData(binding)))
    }

    /// The secret, or ``StoreError/Code-swift.struct/masterKeyMismatch`` when it was sealed under
    /// another master key, or ``StoreError/Code-swift.struct/secretUnreadable`` when it fails the
    /// integrity check.
    func open(_ sealed: [UInt8], sealedUnder identifier: [UInt8], _ binding: Binding) throws -> [UInt8] {
        guard identifier == keyIdentifier else {
            throw StoreError(
                .masterKeyMismatch,
                "the secret of \(binding.identifier) was sealed under another master key; it cannot be recovered without that key")
        }
        guard sealed.first == Self.version else {
            throw StoreError(.secretUnreadable, "the sealed secret of \(binding.identifier) has an unknown format")
        }
        do {
            return try AESGCM.decrypt(Array(sealed.dropFirst()), key: key, authenticating: Self.associatedData(binding))
        } catch {
            throw StoreError(
                .secretUnreadable,
                "the sealed secret of \(binding.identifier) failed its integrity check: the row was altered or the secret belongs to another row")
        }
    }

    /// `label || 0x00 || field…`, each string field as a 4-byte big-endian length and its UTF-8
    /// bytes (an absent instance as length 0xFFFFFFFF), each date as 8 bytes big-endian. A
    /// context with claims or a bootstrap assertion adds `0x01`, the claim count (4 bytes), the
    /// claims, the assertion's issuer and ID; a context issued for another service adds `0x02` and
    /// its AppliesTo. One with none of them binds exactly what rows written before these fields
    /// existed bind, so they still open.
    static func associatedData(_ binding: Binding) -> [UInt8] {
        var data = label + [0]
        func append(_ text: String?) {
            guard let text else {
                data += [0xFF, 0xFF, 0xFF, 0xFF]
                return
            }
            let bytes = Array(text.utf8)
            data += withUnsafeBytes(of: UInt32(bytes.count).bigEndian) { Array($0) }
            data += bytes
        }
        append(binding.identifier)
        append(binding.instance)
        append(binding.owner)
        data += withUnsafeBytes(of: binding.created.bigEndian) { Array($0) }
        data += withUnsafeBytes(of: binding.expires.bigEndian) { Array($0) }
        if !binding.claims.isEmpty || binding.bootstrapIssuer != nil || binding.bootstrapAssertion != nil {
            data.append(1)
            data += withUnsafeBytes(of: UInt32(binding.claims.count).bigEndian) { Array($0) }
            for claim in binding.claims { append(claim) }
            append(binding.bootstrapIssuer)
            append(binding.bootstrapAssertion)
        }
        if let appliesTo = binding.appliesTo {
            data.append(2)
            append(appliesTo)
        }
        return data
    }
}
