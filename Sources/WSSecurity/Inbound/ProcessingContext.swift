import Foundation
import XMLCore
import XMLSecurity

/// The mutable state of processing one security header. Processors read tokens earlier
/// elements registered and add to the result.
final class ProcessingContext {
    let configuration: InboundSecurityConfiguration
    let document: XMLDocument
    let now: Date
    var result = SecurityHeaderResult()

    /// The result, moved out (processing is over): no copy of it is made for the caller while
    /// the context keeps its own until it goes.
    func takeResult() -> SecurityHeaderResult {
        var taken = SecurityHeaderResult()
        swap(&taken, &result)
        return taken
    }
    /// Keys recovered from EncryptedKeys addressed to us, by the EncryptedKey's Id.
    var encryptedKeys: [String: [UInt8]] = [:]
    /// SHA-1 of each EncryptedKey's CipherValue → key (EncryptedKeySHA1 references).
    var encryptedKeysBySHA1: [[UInt8]: [UInt8]] = [:]
    /// Keys of the tokens configured ``SecurityHeaderTokenProcessor``s have processed, by element.
    private var processedTokens: [XMLElement: ResolvedSymmetricKey] = [:]
    /// Tokens being processed now: a token whose reference leads back to itself is refused.
    private var tokensInProgress: Set<XMLElement> = []
    private var cachedIndex: IDIndex?
    /// What verifying this message's signatures may still cost.
    let verificationBudget: VerificationBudget
    /// UsernameTokens whose Nonce is recorded once the message passed the policy check.
    var pendingNonces: [UsernameToken] = []

    init(configuration: InboundSecurityConfiguration, document: XMLDocument) {
        self.configuration = configuration
        self.document = document
        self.now = configuration.clock.now
        verificationBudget = VerificationBudget(
            references: configuration.maxReferencesPerMessage,
            canonicalizedBytes: configuration.maxCanonicalizedBytesPerMessage)
    }

    /// The document's ID index, built on first use and kept up to date by ``documentChanged(removing:inserting:)``.
    func index() throws -> IDIndex {
        if let cachedIndex { return cachedIndex }
        let index = try IDIndex(document)
        cachedIndex = index
        return index
    }

    /// Entries held for the receiver (``ReplayRecording/deferredToReceiver``): the signatures'
    /// as they are verified, the Nonces' once the message passed the policy check.
    var deferredReplayEntries = DeferredReplayEntries()

    /// Records the Nonces of the header's UsernameTokens; a Nonce seen before refuses the message.
    /// When the receiver records the entries, this only checks that none is recorded yet.
    func recordReplayEntries() async throws {
        switch configuration.replayRecording {
        case .immediate:
            for token in pendingNonces {
                try await token.recordNonce(
                    now: now, skew: configuration.clockSkew, maxAge: configuration.usernameTokenMaxAge,
                    replayCache: configuration.replayCache)
            }
        case .deferredToReceiver:
            for token in pendingNonces {
                guard let entry = token.nonceEntry(now: now, skew: configuration.clockSkew, maxAge: configuration.usernameTokenMaxAge) else { continue }
                deferredReplayEntries.append(entry.value, expiry: entry.expiry, refusal: UsernameToken.nonceReplayed)
            }
            try await deferredReplayEntries.checkNoneRecorded(in: configuration.replayCache, now: now)
            result.deferredReplayEntries = deferredReplayEntries
        }
        pendingNonces = []
    }

    /// For a message refused after some of its signatures verified, with the receiver recording
    /// entries: records those signatures' entries on their own, as the engine does when it records
    /// them as it goes, so a replay of it is refused as a replay. Throws that refusal when one is
    /// already recorded.
    func recordSignatureEntriesOfRefusedMessage() async throws {
        guard configuration.replayRecording == .deferredToReceiver, !deferredReplayEntries.isEmpty else { return }
        try await deferredReplayEntries.record(in: configuration.replayCache, now: now)
    }

    /// Updates the ID index, if one was built, after a decryption replaced `removed` by `inserted`.
    func documentChanged(removing removed: XMLElement, inserting inserted: [XMLElement]) throws {
        guard var index = cachedIndex else { return }
        cachedIndex = nil  // the index's storage is then unique and updated in place
        try index.update(removing: removed, inserting: inserted)
        cachedIndex = index
    }

    /// The key of `element` from the configured token processor that handles it, processing the
    /// element on first use only; nil when no processor handles it.
    func processedToken(_ element: XMLElement) async throws -> ResolvedSymmetricKey? {
        if let known = processedTokens[element] { return known }
        guard let processor = configuration.tokenProcessor(for: element.name) else { return nil }
        guard tokensInProgress.insert(element).inserted else {
            throw WSSecurityError(.invalidSecurity, "a token's reference leads back to itself")
        }
        defer { tokensInProgress.remove(element) }
        let resolved = try await processor.process(element, in: HeaderTokenContext(processing: self))
        processedTokens[element] = resolved
        return resolved
    }

    /// The element a same-document `#id` URI names.
    func element(forURI uri: String) throws -> XMLElement {
        guard uri.hasPrefix("#"), let element = try index()[String(uri.dropFirst())] else {
            throw WSSecurityError(.securityTokenUnavailable, "the referenced token \(uri) is not in the message")
        }
        return element
    }
}
