import Foundation
import SecurityCore
public import SOAP
import TesseraCrypto
import WSSecurity
import WSTrust
import X509
import XMLCore
import XMLSecurity

/// A WS-Trust client: builds Issue, Validate, Renew and Cancel requests in WS-Trust 1.3 or
/// 2005/02 over SOAP 1.1 or 1.2, secures them as the STS's binding expects, sends them through a
/// ``SOAPTransport`` and checks the answer before handing it back.
///
/// Requests carry WS-Addressing 1.0 headers (Action, MessageID, ReplyTo anonymous, To) and a
/// `wsse:Security` header with a Timestamp and either an X.509 signature over the Timestamp,
/// Body and addressing headers (the RST of the token-transformation scenario) or a UsernameToken.
///
/// An answer is refused unless it is a SOAP envelope with one RSTR (or an RSTRC of one) in the
/// request's WS-Trust version, relating to the request's MessageID, and, when
/// ``STSClientConfiguration/stsCertificate`` is set, signed over Body and Timestamp with that
/// certificate's key. An issued UsernameToken is checked further (``IssuedUsernameTokenCheck``).
/// A fault becomes ``STSClientError`` `fault`.
public struct STSClient: Sendable {
    public let transport: any SOAPTransport
    public let configuration: STSClientConfiguration
    /// Trusts exactly the STS certificate, when responses are verified.
    private let responseTrust: X509TrustStore?
    /// Remembers response signatures, so a replayed response is refused.
    private let replayCache = InMemoryReplayCache()

    public init(transport: any SOAPTransport, configuration: STSClientConfiguration) {
        self.transport = transport
        self.configuration = configuration
        responseTrust = configuration.stsCertificate.map { X509TrustStore(anchors: [], pinned: [$0]) }
    }

    /// Sends `request` and returns the checked answer.
    ///
    /// - Throws: ``STSClientError`` for a request that cannot be built, a fault, or an answer
    ///   that is refused; the transport's own errors when no answer arrived.
    public func send(_ request: TokenRequest) async throws -> STSResponse {
        try await send(prepare(request))
    }

    /// Sends a prepared request once and returns the checked answer.
    public func send(_ prepared: PreparedRequest) async throws -> STSResponse {
        let answer = try await transport.exchange(prepared.serialize(), version: configuration.soapVersion, action: prepared.action)
        return try await read(answer, for: prepared)
    }

    /// Builds and secures the request envelope without sending it.
    ///
    /// - Throws: ``STSClientError`` `invalidRequest`.
    public func prepare(_ request: TokenRequest) throws -> PreparedRequest {
        let version = configuration.trustVersion
        let (rst, clientEntropy) = try request.requestSecurityToken(version: version)
        let envelope = SOAPEnvelope(version: configuration.soapVersion)
        let action = version.requestAction(rst.requestType)
        let messageID = AddressingHeaders.newMessageID()
        let addressing = WSAddressingVersion.v10
        AddressingHeaders(
            version: addressing, to: configuration.endpoint, action: action, messageID: messageID,
            replyTo: EndpointReference(address: addressing.anonymousAddress)
        ).write(to: envelope)
        rst.write(into: envelope.body)

        var builder = SecurityHeaderBuilder()
        builder.clock = configuration.clock
        builder.timestampLifetime = configuration.timestampLifetime
        switch configuration.security {
        case .x509Signature(let credential):
            var options = SecurityHeaderBuilder.SignatureOptions(credential: credential)
            options.algorithm = .preferred(for: credential.privateKey.keyType)
            options.parts = [.timestamp, .body, .addressingHeaders]
            builder.signature = options
        case .usernameToken(let username, let password, let digest):
            builder.usernameToken =
                digest
                ? UsernameToken.digest(username: username, password: password, created: configuration.clock.now)
                : UsernameToken(username: username, password: .text(password))
        }
        do {
            try builder.secure(envelope)
        } catch let error as WSSecurityError {
            throw STSClientError(.invalidRequest, "the request cannot be secured: \(error.reason)")
        }
        return PreparedRequest(
            envelope: envelope, requestType: rst.requestType, action: action, messageID: messageID,
            keySize: rst.keySize, clientEntropy: clientEntropy)
    }

    /// Checks the answer `bytes` to `prepared` and reads its RSTR and proof key.
    func read(_ bytes: [UInt8], for prepared: PreparedRequest) async throws -> STSResponse {
        let envelope: SOAPEnvelope
        do {
            envelope = try SOAPEnvelope(parsing: bytes)
        } catch {
            throw STSClientError(.invalidResponse, "the answer is not a usable SOAP envelope (\(error))")
        }
        if let payload = envelope.bodyPayload, payload.is("Fault", envelope.version.namespace) {
            let fault: SOAPFault
            do {
                fault = try SOAPFault(envelope: envelope)
            } catch {
                throw STSClientError(.invalidResponse, "the answer carries a malformed fault (\(error.reason))")
            }
            throw STSClientError(.fault, fault.reason, fault: fault)
        }
        guard envelope.version == configuration.soapVersion else {
            throw STSClientError(.invalidResponse, "the answer is a \(envelope.version) envelope, the request was \(configuration.soapVersion)")
        }
        let verified = try await verifySignature(of: envelope)
        let addressing = try checkRelation(of: envelope, to: prepared)
        let response = try responsePayload(of: envelope)
        if IssuedUsernameTokenCheck.applies(to: response) {
            try IssuedUsernameTokenCheck(stsCertificate: verified?.signer, security: verified?.security, now: configuration.clock.now).check(response)
        }
        let credential: X509Credential? = if case .x509Signature(let credential) = configuration.security { credential } else { nil }
        let proofKey = try ProofKeyResolution.proofKey(of: response, request: prepared, credential: credential)
        return STSResponse(envelope: envelope, response: response, proofKey: proofKey, verifiedSigner: verified?.signer, addressing: addressing)
    }

    /// Processes the response's security header with a trust store holding only the STS
    /// certificate, and requires that certificate's signature over the Body.
    private func verifySignature(of envelope: SOAPEnvelope) async throws -> (signer: Certificate, security: SecurityHeaderResult)? {
        guard let trust = responseTrust, let sts = configuration.stsCertificate else { return nil }
        var inbound = InboundSecurityConfiguration(trustStore: trust)
        inbound.clock = configuration.clock
        inbound.clockSkew = configuration.clockSkew
        inbound.replayCache = replayCache
        let result: SecurityHeaderResult
        do {
            // A Timestamp; Body, Timestamp and addressing headers (RelatesTo) signed by one X.509
            // signer.
            var policy = SecurityPolicy()
            policy.signedParts = [.body, .timestamp, .addressingHeaders]
            result = try await WSSecurityEngine(configuration: inbound, policy: policy).process(envelope)
        } catch {
            throw STSClientError(.responseNotVerified, "the answer's signature is not acceptable (\(WSSecurityError(error)))")
        }
        // The policy required those parts signed by the one certificate over the Body.
        guard result.authenticatedCertificate == sts else {
            throw STSClientError(.responseNotVerified, "the answer's Body is not signed with the STS certificate")
        }
        return (sts, result)
    }

    /// WS-Addressing 1.0 Core §3.4: a reply's RelatesTo names the request's MessageID.
    private func checkRelation(of envelope: SOAPEnvelope, to prepared: PreparedRequest) throws -> AddressingHeaders? {
        let addressing: AddressingHeaders?
        do {
            addressing = try AddressingHeaders(reading: envelope)
        } catch {
            throw STSClientError(.invalidResponse, "the answer's addressing headers are invalid (\(error.reason))")
        }
        guard configuration.requireRelatesTo else { return addressing }
        let reply = "http://www.w3.org/2005/08/addressing/reply"
        let related = addressing?.relatesTo.contains { $0.messageID == prepared.messageID && ($0.relationshipType ?? reply) == reply } ?? false
        guard related else {
            throw STSClientError(.relatesToMismatch, "the answer does not relate to the request \(prepared.messageID)")
        }
        return addressing
    }

    /// The one RSTR of the answer, bare or in a collection, in the request's WS-Trust version.
    private func responsePayload(of envelope: SOAPEnvelope) throws -> RequestSecurityTokenResponse {
        let version = configuration.trustVersion
        guard let payload = envelope.bodyPayload, payload.namespaceURI == version.namespace else {
            throw STSClientError(.invalidResponse, "the answer's Body holds no WS-Trust response in the \(version.namespace) namespace")
        }
        do {
            switch payload.localName {
            case "RequestSecurityTokenResponseCollection":
                let responses = try RequestSecurityTokenResponseCollection(element: payload).responses
                guard responses.count == 1, let response = responses.first else {
                    throw STSClientError(.invalidResponse, "the answer holds \(responses.count) responses for one request")
                }
                return response
            case "RequestSecurityTokenResponse":
                return try RequestSecurityTokenResponse(element: payload)
            default:
                throw STSClientError(.invalidResponse, "the answer's Body holds \(payload.localName), not a token response")
            }
        } catch let error as WSTrustError {
            throw STSClientError(.invalidResponse, "the token response is malformed (\(error.reason))")
        }
    }
}
