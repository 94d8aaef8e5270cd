internal import COpenSSL
import Synchronization

/// RSA signing and verification contexts of one key, set up once and reused.
///
/// Setting up an `EVP_PKEY_CTX` for signing or verification (`EVP_DigestSignInit`,
/// `EVP_PKEY_sign_init`) makes OpenSSL 3 look up the key-management and signature
/// implementations in its provider store under a lock; in the STS load test that set-up cost
/// 1.5% of the server's CPU for signing and, for verification, almost as much as the RSA
/// public-key operation itself. A context that is set up once signs or verifies any number of
/// digests (`EVP_PKEY_sign`, `EVP_PKEY_verify`; `openssl speed` works the same way), but one
/// thread at a time: each call takes a context out of the pool, or sets up a new one when none
/// is idle, and puts it back afterwards. A context whose operation failed is freed, not reused.
///
/// `@unchecked Sendable`: the contexts are only reached through the mutex, and a context taken
/// out is used by one caller until it is put back.
final class RSAContextPool: @unchecked Sendable {
    /// What a context is set up for.
    struct Kind: Hashable {
        var verifying: Bool
        var digest: DigestAlgorithm
        var padding: RSASignaturePadding
    }

    /// Idle contexts kept per kind; more (after a burst of concurrent calls) are freed.
    static let maximumIdlePerKind = 8

    private struct Idle: @unchecked Sendable {
        var contexts: [Kind: [OpaquePointer]] = [:]
    }

    private let idle = Mutex(Idle())

    deinit {
        idle.withLock { idle in
            for contexts in idle.contexts.values { contexts.forEach { EVP_PKEY_CTX_free($0) } }
            idle.contexts.removeAll()
        }
    }

    /// Runs `body` with a context of `kind` for `key` (the `EVP_PKEY` this pool belongs to);
    /// nil when no context could be set up. `body` returns whether the context may be reused.
    func withContext<Result>(_ kind: Kind, key: OpaquePointer, _ body: (OpaquePointer) -> (Result, reusable: Bool)) -> Result? {
        guard let context = take(kind) ?? Self.makeContext(kind, key: key) else { return nil }
        let (result, reusable) = body(context)
        if reusable {
            putBack(context, kind)
        } else {
            EVP_PKEY_CTX_free(context)
        }
        return result
    }

    private func take(_ kind: Kind) -> OpaquePointer? {
        let taken = idle.withLock { idle in UncheckedPointer(idle.contexts[kind]?.popLast()) }
        return taken.pointer
    }

    private func putBack(_ context: OpaquePointer, _ kind: Kind) {
        let returned = UncheckedPointer(context)
        let kept = idle.withLock { idle in
            guard idle.contexts[kind, default: []].count < Self.maximumIdlePerKind, let context = returned.pointer else { return false }
            idle.contexts[kind, default: []].append(context)
            return true
        }
        if !kept { EVP_PKEY_CTX_free(context) }
    }

    /// A context for `key` set up for `kind`: the operation, the digest the signature covers
    /// (PKCS#1 v1.5 writes its DigestInfo) and the padding.
    private static func makeContext(_ kind: Kind, key: OpaquePointer) -> OpaquePointer? {
        guard let context = EVP_PKEY_CTX_new_from_pkey(nil, key, nil) else { return nil }
        let ready =
            (kind.verifying ? EVP_PKEY_verify_init(context) : EVP_PKEY_sign_init(context)) == 1
            && EVP_PKEY_CTX_set_signature_md(context, OpenSSL.messageDigest(kind.digest)) == 1
            && EVPKey.configure(context, for: kind.padding, digest: kind.digest)
        guard ready else {
            EVP_PKEY_CTX_free(context)
            OpenSSL.clearErrors()
            return nil
        }
        return context
    }
}

/// Carries a context pointer across the mutex's `sending` boundary.
private struct UncheckedPointer: @unchecked Sendable {
    let pointer: OpaquePointer?
    init(_ pointer: OpaquePointer?) { self.pointer = pointer }
}
