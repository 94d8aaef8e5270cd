import Foundation
import SAML
import SecurityCore
import SOAP
import TesseraClient
import WSSecurity
import WSTrust
import X509

/// Asks a route's STS for a token on behalf of a consumer (WS-Trust 1.3 §4.1 Issue, §9.1
/// OnBehalfOf) with a request signed by the gateway's key, and checks the answer before anything
/// is forwarded: ``STSClient`` requires the STS's signature over Body and Timestamp and the
/// RelatesTo of the request (and, for a UsernameToken, that its signature covers the token);
/// then the RSTR's token type (when the route asks for one) and Lifetime, and the token itself
/// are checked here: a SAML assertion signed by the STS, current, for the route's AppliesTo,
/// confirmed sender-vouches; or a UsernameToken identity assertion for the route's AppliesTo.
struct TokenExchange: Sendable {
    let route: GatewaySettings.Route
    let client: STSClient
    let validator: SAMLAssertionValidator
    let policy: TokenCachePolicy
    let clock: TimeSource
    let metrics: GatewayMetrics
    /// The gateway's certificate, asked for as the proof key (WS-Trust 1.3 §9.2 UseKey) of a
    /// holder-of-key assertion, when the route establishes secure conversations with one.
    let proofCertificate: Certificate?

    init(
        route: GatewaySettings.Route, transport: any SOAPTransport, credential: X509Credential, policy: TokenCachePolicy,
        clock: TimeSource, metrics: GatewayMetrics
    ) {
        self.route = route
        var configuration = STSClientConfiguration(endpoint: route.stsEndpoint, security: .x509Signature(credential))
        configuration.soapVersion = route.stsSOAPVersion
        configuration.trustVersion = route.trustVersion
        configuration.stsCertificate = route.stsCertificate
        configuration.clock = clock
        client = STSClient(transport: transport, configuration: configuration)
        let appliesTo = route.appliesTo
        let holderOfKey = route.secureConversation?.bootstrap == .samlHolderOfKey
        proofCertificate = holderOfKey ? credential.certificate : nil
        validator = SAMLAssertionValidator(trustStore: X509TrustStore(anchors: [], pinned: [route.stsCertificate]), clock: clock) {
            SAMLAudiencePolicy(audience: appliesTo)
            SAMLSubjectConfirmationPolicy(allowed: holderOfKey ? [.holderOfKey] : [.senderVouches])
            OneTimeUseObserved()
        }
        self.policy = policy
        self.clock = clock
        self.metrics = metrics
    }

    /// The token for `onBehalfOf`, or why there is none (never thrown: the cache shares the
    /// outcome with every request waiting for it).
    func issue(onBehalfOf: UsernameToken) async -> Result<FetchedToken<ExchangedToken>, GatewayError> {
        let started = ContinuousClock.now
        let result: Result<FetchedToken<ExchangedToken>, GatewayError>
        do throws(GatewayError) {
            result = .success(try await request(onBehalfOf: onBehalfOf))
        } catch {
            result = .failure(error)
        }
        metrics.recordSTSCall(route: route.name, outcome: result.outcomeLabel, duration: .now - started)
        return result
    }

    private func request(onBehalfOf token: UsernameToken) async throws(GatewayError) -> FetchedToken<ExchangedToken> {
        var request = TokenRequest(.issue)
        request.appliesTo = route.appliesTo
        request.tokenType = route.tokenType
        request.keyType = proofCertificate.map { .publicKey($0) } ?? (route.bearerKeyType ? .bearer : nil)
        // WS-Trust 1.3 §9.1: the consumer's UsernameToken; a bare Username is an identity assertion.
        request.onBehalfOf = token.password == nil ? .identity(username: token.username) : .usernameToken(token)
        let response: STSResponse
        do {
            response = try await client.send(request)
        } catch let error as STSClientError {
            if error.code == .fault, let code = error.securityFaultCode, Self.refusals.contains(code.name.localName) {
                throw GatewayError(.tokenRefused, "the STS refused the identity: \(error)")
            }
            throw GatewayError(.tokenUnavailable, "the STS gave no usable token: \(error)")
        } catch {
            throw GatewayError(.tokenUnavailable, "the STS could not be reached: \(error)")
        }
        return try await check(response)
    }

    /// Fault codes by which an STS refuses the requested identity rather than fails.
    private static let refusals: Set<String> = ["FailedAuthentication", "InvalidSecurityToken"]

    /// Checks the RSTR and the token in it, and settles how long the token may be cached.
    private func check(_ response: STSResponse) async throws(GatewayError) -> FetchedToken<ExchangedToken> {
        let rstr = response.response
        if let wanted = route.tokenType, rstr.tokenType?.canonical != wanted.canonical {
            throw GatewayError(.tokenUnavailable, "the STS issued \(rstr.tokenType?.rawValue ?? "no token type"), not \(wanted.rawValue)")
        }
        if let expires = rstr.lifetime?.expires, expires <= clock.now {
            throw GatewayError(.tokenUnavailable, "the issued token's Lifetime has already ended")
        }
        guard let bytes = response.issuedTokenBytes else {
            throw GatewayError(.tokenUnavailable, "the STS answer holds no token")
        }
        guard bytes.count <= Self.maximumTokenBytes else {
            throw GatewayError(.tokenUnavailable, "the issued token exceeds \(Self.maximumTokenBytes) bytes")
        }
        if rstr.tokenType?.canonical == .usernameToken {
            return try checkUsernameToken(response, bytes: bytes)
        }
        return try await checkAssertion(response, bytes: bytes)
    }

    /// The SAML assertion of `response` (its serialized `bytes`).
    private func checkAssertion(_ response: STSResponse, bytes: [UInt8]) async throws(GatewayError) -> FetchedToken<ExchangedToken> {
        let rstr = response.response
        // The STS's signature is verified over these very bytes: what the provider receives.
        let facts: SAMLAssertionFacts
        do {
            facts = try await validator.validate(serialized: bytes).facts
        } catch {
            throw GatewayError(.tokenUnavailable, "the issued token is not an acceptable SAML assertion: \(error)")
        }
        if let proofCertificate {
            // SAML Token Profile 1.1 §3.5.1: the gateway can prove only its own key.
            let confirmations = facts.subjects.flatMap(\.confirmations).filter { $0.kind == .holderOfKey }
            guard confirmations.contains(where: { $0.keys.contains(.certificate(proofCertificate)) }) else {
                throw GatewayError(.tokenUnavailable, "the assertion is not confirmed by the gateway's certificate")
            }
        }
        let expiries = [rstr.lifetime?.expires, facts.notOnOrAfter].compactMap { $0 }
        let until = policy.cacheUntil(expiries: expiries, oneTimeUse: facts.conditions.contains(.oneTimeUse), now: clock.now)
        let subject = facts.subjects.lazy.compactMap(\.name).first
        let assertion = try IssuedAssertion(bytes: bytes, id: facts.id, subject: subject)
        return FetchedToken(token: .samlAssertion(assertion), tokenID: facts.id, cacheUntil: until)
    }

    /// Largest issued token forwarded.
    static let maximumTokenBytes = 64 * 1024
}

extension Result where Failure == GatewayError {
    /// `issued`, or the error's outcome label.
    var outcomeLabel: String {
        switch self {
        case .success: "issued"
        case .failure(let error): error.outcome
        }
    }
}
