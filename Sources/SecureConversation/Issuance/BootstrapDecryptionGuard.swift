import Foundation
import SecurityCore
import SOAP
import TesseraCrypto
import WSSecurity
import XMLCore
import XMLSecurity

/// Keeps a bootstrap request that carries encrypted parts (the RST's Body and entropy, encrypted
/// for the service) from being used as a decryption oracle (Jager and Somorovsky, "How to
/// Break XML Encryption", 2011): whoever holds a captured request could send it again with
/// altered ciphertext and learn from each answer whether it decrypted.
///
/// - Each `xenc:EncryptedKey` is accepted once: its CipherValue's SHA-256 is remembered in the
///   replay cache, before anything is decrypted with it, for as long as a request carrying it
///   could still pass the Timestamp check. A captured key answers one question at most.
/// - A request with data in CBC (XML-Enc 1.1 §5.2.1, which does not authenticate) gets one
///   fault, ``failure``, for every failure from the first byte of the security header to the
///   bootstrap policy's verdict: a broken padding, a plaintext that does not parse, a digest, a
///   signer or a missing part all look the same. Data in GCM (§5.2.4) cannot be altered without
///   failing its tag, which is the same `decryptionFailed` whatever was altered, so its other
///   failures keep their own faults.
struct BootstrapDecryptionGuard: Sendable {
    /// Where EncryptedKeys are remembered (shared by the instances that share contexts).
    let replayCache: any ReplayCache
    /// How long an EncryptedKey is remembered: the oldest Timestamp accepted plus the clock
    /// skew on either side (a request is refused after that, whatever its Timestamp says).
    let window: TimeInterval

    /// WSS 1.1 §12's `wsse:FailedCheck` with the specification's own fault string, whatever failed.
    static let failure = WSSecurityError(.failedCheck, "The signature or decryption was invalid")

    /// The prefix of replay entries, apart from signature values and derived-key nonces.
    private static let entryPrefix = Array("EKEY".utf8)

    init(replayCache: any ReplayCache, timestampMaxAge: TimeInterval, clockSkew: TimeInterval) {
        self.replayCache = replayCache
        window = timestampMaxAge + 2 * clockSkew
    }

    /// Whether `request` carries data encrypted with AES-CBC anywhere (an EncryptionMethod
    /// naming a CBC algorithm), which makes every failure the one ``failure``.
    static func carriesCBC(_ request: SOAPEnvelope) -> Bool {
        request.document.root.descendantsAndSelf.contains { element in
            guard element.is("EncryptionMethod", XMLSecurityNamespace.xenc), let uri = element.attribute("Algorithm") else { return false }
            return cbcAlgorithms.contains(uri.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }

    private static let cbcAlgorithms = Set(BlockEncryptionAlgorithm.all.filter { $0.mode == .cbc }.map(\.uri))

    /// Refuses, with ``failure``, the EncryptedKeys under `root` (the security header's, then
    /// encrypted entropy's once the Body is decrypted) that were seen before, and remembers them.
    func refuseReplayedKeys(under root: XMLElement, now: Date) async throws {
        let keys = root.descendantsAndSelf.filter { $0.is("EncryptedKey", XMLSecurityNamespace.xenc) }
        // One that does not parse is refused by the engine before anything is decrypted with it.
        for element in keys {
            guard let cipherValue = try? EncryptedKeyElement(element).cipherValue else { continue }
            let entry = Self.entryPrefix + DigestAlgorithm.sha256.hash(cipherValue)
            let fresh: Bool
            do {
                fresh = try await replayCache.insertIfAbsent(entry, expiry: now.addingTimeInterval(window), now: now)
            } catch {
                throw Self.failure
            }
            guard fresh else { throw Self.failure }
        }
    }
}
