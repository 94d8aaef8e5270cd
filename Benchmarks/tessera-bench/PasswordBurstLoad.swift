import AsyncHTTPClient
import Foundation
import NIOCore
import SecurityCore
import SOAP
import Synchronization
import WSSecurity
import WSTrust
import XMLCore

/// Tells the loops of ``HealthProbe`` and ``PasswordLogins`` that their phase is over.
final class StopSignal: Sendable {
    private let stopped = Atomic<Bool>(false)
    var isStopped: Bool { stopped.load(ordering: .acquiring) }
    func stop() { stopped.store(true, ordering: .releasing) }
}

/// `GET /health` every 50 ms (the next poll waits for the previous answer; a poll that is late
/// goes out at once), on a connection of its own, until stopped.
enum HealthProbe {
    struct Outcome: Sendable {
        /// Each answered poll's latency, from its sending to the end of its answer.
        var latencies: [UInt64] = []
        /// Polls answered with another status than 200, or not at all.
        var failures = 0
    }

    static let interval = Duration.milliseconds(50)

    static func run(url: String, until stop: StopSignal) async -> Outcome {
        let client = PasswordBurstTraffic.client(connections: 1)
        var outcome = Outcome()
        var next = ContinuousClock.now
        while !stop.isStopped {
            let sent = ContinuousClock.now
            do {
                let response = try await client.execute(HTTPClientRequest(url: url), timeout: .seconds(120))
                _ = try await response.body.collect(upTo: 1 << 16)
                if response.status.code == 200 {
                    outcome.latencies.append(PasswordBurstTraffic.nanoseconds(since: sent))
                } else {
                    outcome.failures += 1
                }
            } catch {
                outcome.failures += 1
            }
            next = max(next + interval, ContinuousClock.now)
            try? await Task.sleep(until: next, clock: .continuous)
        }
        try? await client.shutdown()
        return outcome
    }
}

/// `clients` concurrent clients, each sending PasswordText logins one after another (closed
/// loop) until stopped; a login under way when the signal comes is finished and counted.
enum PasswordLogins {
    struct Outcome: Sendable {
        var succeeded = 0
        /// HTTP 503: the server's password checks were full (`ServiceBusy`).
        var busy = 0
        /// Any other status, or no answer.
        var other = 0
        /// The latency of each login answered with 200.
        var latencies: [UInt64] = []

        mutating func add(_ other: Outcome) {
            succeeded += other.succeeded
            busy += other.busy
            self.other += other.other
            latencies += other.latencies
        }
    }

    /// The request header every login carries: the trusted proxy in front says it came over TLS.
    static let forwarded = [("X-Forwarded-Proto", "https")]

    static func run(url: String, clients: Int, username: String, password: String, until stop: StopSignal) async -> Outcome {
        let client = PasswordBurstTraffic.client(connections: clients)
        let outcome = await withTaskGroup(of: Outcome.self) { group in
            for _ in 0..<clients {
                group.addTask {
                    var outcome = Outcome()
                    while !stop.isStopped {
                        let sent = ContinuousClock.now
                        let status = try? await PasswordBurstTraffic.post(
                            client, url: url, body: try loginRequest(username: username, password: password),
                            headers: forwarded)
                        switch status {
                        case 200?:
                            outcome.succeeded += 1
                            outcome.latencies.append(PasswordBurstTraffic.nanoseconds(since: sent))
                        case 503?: outcome.busy += 1
                        default: outcome.other += 1
                        }
                    }
                    return outcome
                }
            }
            return await group.reduce(into: Outcome()) { $0.add($1) }
        }
        try? await client.shutdown()
        return outcome
    }

    /// An ADFS usernamemixed Issue request for the HelloService: the user's UsernameToken
    /// (PasswordText) and a Timestamp in the security header, unsigned. Each is new.
    static func loginRequest(username: String, password: String) throws -> [UInt8] {
        let envelope = SOAPEnvelope(version: .v12)
        AddressingHeaders(version: .v10, action: WSTrustVersion.v13.requestAction(.issue), messageID: AddressingHeaders.newMessageID()).write(to: envelope)
        var request = RequestSecurityToken(version: .v13, requestType: .issue)
        request.appliesTo = AppliesTo(address: PasswordBurstMode.helloService)
        request.tokenType = .saml20
        request.write(into: envelope.body)
        var builder = SecurityHeaderBuilder()
        builder.usernameToken = UsernameToken(username: username, password: .text(password))
        try builder.secure(envelope)
        return envelope.serialize()
    }
}
