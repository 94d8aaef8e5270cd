import Foundation
public import SOAP

/// The initiator's security contexts, one per key (a service and the identity speaking to it),
/// kept between calls and managed for the caller:
/// - the first call for a key establishes its context (WS-SC 1.3 §3) while every other call for
///   that key waits for the same establishment;
/// - a call made after the renewal time (``SecureConversationContextCacheConfiguration``)
///   renews the context first (WS-SC 1.3 §5), once the calls still in flight under it have
///   finished, since the renewed secret no longer verifies their keys; a refused renewal, or a
///   context that has expired, is replaced by a new one;
/// - a call answered with `wsc:BadContextToken` or `wsc:RenewNeeded` (the service restarted
///   without its contexts, cancelled or expired it: WS-SC 1.3 §8) drops the context,
///   establishes a new one and sends the message once more;
/// - ``shutdown()`` cancels every context (WS-SC 1.3 §6) when so configured.
///
/// Each call brings the way to make a client for its key, used only when a context must be
/// established: one client per establishment, so each may be bootstrapped with fresh
/// credentials (a new SAML assertion for the identity, for example).
public actor SecureConversationContextCache<Key: Hashable & Sendable> {
    /// What the cache did, for logs, metrics and tests.
    public enum Event: Sendable, Hashable {
        /// A context was established (first use, expiry, refused renewal, or after a fault).
        case established
        case renewed
        /// The service no longer knew the context (`BadContextToken`, `RenewNeeded`).
        case contextLost
        case cancelled
    }

    /// A context in use: its client and when it must be renewed.
    private struct Live: Sendable {
        let client: SecureConversationClient
        let expires: Date
        let renewAt: Date
    }

    private enum Slot {
        case live(Live)
        case pending(generation: UInt64, Task<Live, any Error>)
    }

    /// Makes the client a new context is established with.
    public typealias MakeClient = @Sendable () async throws -> SecureConversationClient

    private let configuration: SecureConversationContextCacheConfiguration
    private let observe: @Sendable (Event) -> Void
    private var slots: [Key: Slot] = [:]
    private var generation: UInt64 = 0
    private var inFlight: [ObjectIdentifier: Int] = [:]
    private var drainWaiters: [ObjectIdentifier: [CheckedContinuation<Void, Never>]] = [:]
    private var isShutDown = false

    public init(
        configuration: SecureConversationContextCacheConfiguration, observe: @escaping @Sendable (Event) -> Void = { _ in }
    ) {
        self.configuration = configuration
        self.observe = observe
    }

    /// How many keys hold a context or are establishing one.
    public var count: Int { slots.count }

    /// Sends the envelope `request` makes (called again for the one retry) with `action` under
    /// the context of `key`, and returns the verified, decrypted response. When `key` has no
    /// usable context, one is established with a client from `makeClient`.
    ///
    /// - Throws: what establishing the context throws (including `makeClient`'s errors), or
    ///   ``SecureConversationError`` from the exchange; `notEstablished` after ``shutdown()``.
    public nonisolated func send(
        for key: Key, action: String, makeClient: @escaping MakeClient, request: () throws -> SOAPEnvelope
    ) async throws -> SOAPEnvelope {
        let live = try await lease(key, makeClient)
        do {
            let response = try await live.client.send(try request(), action: action)
            await release(live)
            return response
        } catch let error as SecureConversationError where Self.contextLost(error, version: live.client.configuration.version) {
            await release(live)
            await forget(key, client: live.client)
        } catch {
            await release(live)
            throw error
        }
        let fresh = try await lease(key, makeClient)
        do {
            let response = try await fresh.client.send(try request(), action: action)
            await release(fresh)
            return response
        } catch {
            await release(fresh)
            throw error
        }
    }

    /// Stops taking calls and, with ``SecureConversationContextCacheConfiguration/cancelOnShutdown``,
    /// cancels every context (concurrently; a service that does not answer is not waited for
    /// beyond its transport's timeout). Establishments in progress are let finish first.
    public func shutdown() async {
        isShutDown = true
        let held = slots
        slots = [:]
        var clients: [SecureConversationClient] = []
        for slot in held.values {
            switch slot {
            case .live(let live): clients.append(live.client)
            case .pending(_, let task): if let live = try? await task.value { clients.append(live.client) }
            }
        }
        guard configuration.cancelOnShutdown else { return }
        let observe = observe
        await withTaskGroup(of: Void.self) { group in
            for client in clients {
                group.addTask {
                    if (try? await client.cancel()) != nil { observe(.cancelled) }
                }
            }
        }
    }

    // MARK: Leasing contexts

    /// The context of `key`, established or renewed first when needed, counted in flight until
    /// ``release(_:)``.
    private func lease(_ key: Key, _ makeClient: @escaping MakeClient) async throws -> Live {
        guard !isShutDown else { throw SecureConversationError(.notEstablished, "the context cache is shut down") }
        let live: Live
        switch slots[key] {
        case .live(let current):
            let now = configuration.clock.now
            if now >= current.expires {
                live = try await start(key, previous: nil, makeClient).value
            } else if now >= current.renewAt {
                live = try await start(key, previous: current, makeClient).value
            } else {
                live = current
            }
        case .pending(_, let task):
            live = try await task.value
        case nil:
            live = try await start(key, previous: nil, makeClient).value
        }
        guard !isShutDown else { throw SecureConversationError(.notEstablished, "the context cache is shut down") }
        inFlight[ObjectIdentifier(live.client), default: 0] += 1
        return live
    }

    private func release(_ live: Live) {
        let id = ObjectIdentifier(live.client)
        let remaining = (inFlight[id] ?? 1) - 1
        guard remaining <= 0 else {
            inFlight[id] = remaining
            return
        }
        inFlight[id] = nil
        for waiter in drainWaiters.removeValue(forKey: id) ?? [] { waiter.resume() }
    }

    /// Drops the context of `key` if it is still `client`'s, so the next call establishes anew.
    private func forget(_ key: Key, client: SecureConversationClient) {
        guard case .live(let live) = slots[key], live.client === client else { return }
        slots[key] = nil
        observe(.contextLost)
    }

    /// Starts renewing `previous` (or, without it, establishing a context) for `key`; every
    /// call for `key` waits for the task until it ends. A failure leaves no slot behind, so the
    /// next call tries again.
    private func start(_ key: Key, previous: Live?, _ makeClient: @escaping MakeClient) -> Task<Live, any Error> {
        generation += 1
        let current = generation
        let task = Task<Live, any Error> {
            do {
                let live = try await self.obtain(renewing: previous, makeClient)
                if case .pending(let pending, _) = self.slots[key], pending == current { self.slots[key] = .live(live) }
                return live
            } catch {
                if case .pending(let pending, _) = self.slots[key], pending == current { self.slots[key] = nil }
                throw error
            }
        }
        slots[key] = .pending(generation: current, task)
        return task
    }

    private func obtain(renewing previous: Live?, _ makeClient: MakeClient) async throws -> Live {
        if let previous {
            await drained(previous.client)
            let started = configuration.clock.now
            if let renewed = try? await previous.client.renew() {
                observe(.renewed)
                return live(previous.client, established: started, expires: renewed.expires)
            }
        }
        let client = try await makeClient()
        let started = configuration.clock.now
        let context = try await client.establish()
        observe(.established)
        return live(client, established: started, expires: context.expires)
    }

    private func live(_ client: SecureConversationClient, established: Date, expires: Date) -> Live {
        Live(client: client, expires: expires, renewAt: configuration.renewalTime(established: established, expires: expires))
    }

    /// Returns once no call is in flight under `client`'s context.
    private func drained(_ client: SecureConversationClient) async {
        let id = ObjectIdentifier(client)
        guard (inFlight[id] ?? 0) > 0 else { return }
        await withCheckedContinuation { drainWaiters[id, default: []].append($0) }
    }

    /// Whether `error` says the service no longer holds the context (WS-SC 1.3 §8:
    /// `BadContextToken`, `RenewNeeded`).
    static func contextLost(_ error: SecureConversationError, version: SecureConversationVersion) -> Bool {
        guard error.code == .fault, let subcode = error.fault?.subcode else { return false }
        let codes = version.faultCodes
        return subcode == codes.badContextToken.name || subcode == codes.renewNeeded.name
    }
}
