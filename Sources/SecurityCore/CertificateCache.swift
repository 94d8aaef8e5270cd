import Foundation
import Synchronization
import TesseraCrypto
import X509
import XMLCore

/// What a trust store remembers about one certificate: parsed once, its key decoded once, its
/// trust decided once for a while. Peers send the same certificate with every message.
final class CertificateCache: Sendable {
    struct Entry {
        var certificate: Certificate
        var publicKey: PublicKey?
        var trustedUntil: Date?
    }

    /// DER bytes as a dictionary key, hashed in bulk rather than byte by byte.
    struct DERKey: Hashable {
        let bytes: [UInt8]

        func hash(into hasher: inout Hasher) {
            bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
        }
    }

    private struct State {
        var entries: [DERKey: Entry] = [:]
        /// Base64 text as carried in BinarySecurityTokens → its certificate and DER, so a repeat
        /// skips decoding and the look-up by DER.
        var texts: [String: (certificate: Certificate, der: DERKey)] = [:]
    }

    private let state = Mutex(State())
    /// Most certificates remembered; the cache is emptied when it is reached.
    let capacity: Int

    init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    func entry(der: [UInt8]) throws -> Entry {
        let key = DERKey(bytes: der)
        if let entry = state.withLock({ $0.entries[key] }) { return entry }
        let entry = Entry(certificate: try Certificate(derEncoded: der))
        update(key) { $0 = $0 ?? entry }
        return entry
    }

    /// The certificate and its DER for Base64 `text`; nil when the text is not Base64.
    func certificate(base64 text: String) throws -> (Certificate, der: [UInt8])? {
        if let known = state.withLock({ $0.texts[text] }) { return (known.certificate, known.der.bytes) }
        guard let der = XMLBase64.decode(text) else { return nil }
        let entry = try entry(der: der)
        state.withLock { state in
            if state.texts.count >= capacity { state.texts.removeAll() }
            state.texts[text] = (entry.certificate, DERKey(bytes: der))
        }
        return (entry.certificate, der)
    }

    func publicKey(der: [UInt8]) throws -> PublicKey {
        let entry = try entry(der: der)
        if let key = entry.publicKey { return key }
        let key = try PublicKey(certificate: entry.certificate)
        update(DERKey(bytes: der)) { $0?.publicKey = key }
        return key
    }

    func trustedUntil(der: [UInt8]) -> Date? {
        state.withLock { $0.entries[DERKey(bytes: der)]?.trustedUntil }
    }

    func setTrusted(der: [UInt8], certificate: Certificate, until: Date) {
        update(DERKey(bytes: der)) { entry in
            if entry == nil { entry = Entry(certificate: certificate) }
            entry?.trustedUntil = until
        }
    }

    private func update(_ key: DERKey, _ change: (inout Entry?) -> Void) {
        state.withLock { state in
            if state.entries.count >= capacity, state.entries[key] == nil { state.entries.removeAll() }
            change(&state.entries[key])
        }
    }
}
