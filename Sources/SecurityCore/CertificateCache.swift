import Foundation
import Synchronization
import TesseraCrypto
import X509
import XMLCore

/// What a trust store remembers about one certificate: parsed once, its key decoded once, its
/// trust decided once for a while. Peers send the same certificate with every message.
final class CertificateCache: Sendable {
    /// One certificate and what was decided about it. A caller holding the entry asks about
    /// the certificate again without looking it up (``X509TrustStore/KnownCertificate``).
    final class Entry: Sendable {
        let certificate: Certificate
        let der: [UInt8]
        private let decided = Mutex<(publicKey: PublicKey?, trustedUntil: Date?)>((nil, nil))

        init(certificate: Certificate, der: [UInt8]) {
            self.certificate = certificate
            self.der = der
        }

        var publicKey: PublicKey? {
            get { decided.withLock { $0.publicKey } }
            set { decided.withLock { $0.publicKey = newValue } }
        }

        var trustedUntil: Date? {
            get { decided.withLock { $0.trustedUntil } }
            set { decided.withLock { $0.trustedUntil = newValue } }
        }
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
        /// Base64 text as carried in BinarySecurityTokens → its entry, so a repeat skips
        /// decoding and the look-up by DER.
        var texts: [String: Entry] = [:]
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
        let parsed = Entry(certificate: try Certificate(derEncoded: der), der: der)
        return state.withLock { state in
            if let entry = state.entries[key] { return entry }
            if state.entries.count >= capacity { state.entries.removeAll() }
            state.entries[key] = parsed
            return parsed
        }
    }

    /// The entry of `der`, made from `certificate` (which it encodes) when there is none.
    func entry(der: [UInt8], certificate: Certificate) -> Entry {
        let key = DERKey(bytes: der)
        return state.withLock { state in
            if let entry = state.entries[key] { return entry }
            if state.entries.count >= capacity { state.entries.removeAll() }
            let entry = Entry(certificate: certificate, der: der)
            state.entries[key] = entry
            return entry
        }
    }

    /// The entry of the certificate Base64 `text` encodes; nil when the text is not Base64.
    func entry(base64 text: String) throws -> Entry? {
        if let known = state.withLock({ $0.texts[text] }) { return known }
        guard let der = XMLBase64.decode(text) else { return nil }
        let entry = try entry(der: der)
        state.withLock { state in
            if state.texts.count >= capacity { state.texts.removeAll() }
            state.texts[text] = entry
        }
        return entry
    }

    func publicKey(of entry: Entry) throws -> PublicKey {
        if let key = entry.publicKey { return key }
        let key = try PublicKey(certificate: entry.certificate)
        entry.publicKey = key
        return key
    }
}
