public import Foundation
public import SOAP

extension TokenExchangeDemo {
    /// The RST the gateway sent, as read from the wire.
    public struct IssueRequest: Sendable {
        public let trustVersion: String
        public let soapVersion: SOAPVersion
        public let appliesTo: String
        public let tokenType: String
        /// The Username of the UsernameToken in OnBehalfOf.
        public let onBehalfOf: String
        public let onBehalfOfHasPassword: Bool
        /// The subject of the certificate the RST's signature names (a BinarySecurityToken).
        public let signer: String
        public let bytes: Int
    }

    /// The RSTR the STS answered with, as read from the wire (before step 4 verifies its assertion).
    public struct IssueResponse: Sendable {
        public let assertionID: String
        public let subject: String
        public let confirmationMethod: String
        public let issuer: String
        public let expires: Date?
        public let bytes: Int
    }

    /// The message the gateway forwarded to the provider, verified as a provider verifies it.
    public struct Forward: Sendable {
        public let assertionID: String
        public let subject: String
        public let issuer: String
        /// The subject of the gateway certificate whose signature vouches for the assertion.
        public let attestingEntity: String
        public let bytes: Int
    }

    /// A stage of the scenario, or a message on the wire. Times are counted from the moment the
    /// consumer sent its request.
    public enum Step: Sendable, CustomStringConvertible {
        case listening(sts: String, provider: String, gateway: String)
        case call(index: Int, of: Int)
        /// 1: the consumer's request.
        case consumerRequest(username: String, version: SOAPVersion, bytes: Int)
        /// 2: the RST.
        case issueRequested(IssueRequest, at: Duration)
        /// 3: the RSTR.
        case issued(IssueResponse, at: Duration, took: Duration)
        /// 2–3 on a later call: the gateway's token cache answered.
        case cacheHit(assertionID: String, username: String)
        /// 4: the transformed request.
        case forwarded(Forward, at: Duration)
        /// 5: the provider's answer, relayed to the consumer.
        case answered(reply: String, at: Duration, took: Duration, consumerWaited: Duration)
        /// With `--secure-conversation`: where the echo service listens.
        case listeningEcho(sts: String, provider: String, gateway: String)
        /// 4a (`--secure-conversation`): the gateway's RST/SCT to the provider, with the assertion.
        case contextRequested(bytes: Int, at: Duration)
        /// 4b: the provider's RSTR/SCT.
        case contextIssued(bytes: Int, at: Duration, took: Duration)
        /// 2–4b on a later call: the gateway's context cache held the context.
        case contextReused
        /// 5 (`--secure-conversation`): the request under the context.
        case protectedForward(bytes: Int, derivedKeys: Int, at: Duration)
        /// 6: the provider's protected answer, verified, decrypted and relayed.
        case protectedAnswer(reply: String, at: Duration, took: Duration, consumerWaited: Duration)
        /// A message on the wire (with --show-messages).
        case message(from: String, to: String, bytes: [UInt8])
        /// A check failed; the demo stops.
        case failed(String)

        public var description: String {
            switch self {
            case .listening(let sts, let provider, let gateway):
                "The STS listens at \(sts), HelloService at \(provider), the gateway at \(gateway) (identity assertions from loopback)."
            case .call(let index, let total):
                "\nCall \(index) of \(total):"
            case .consumerRequest(let username, let version, let bytes):
                "1. Consumer → gateway  +0.0 ms: a \(version) request (\(bytes) bytes) with a wsse:UsernameToken for \(username) and no password: an identity assertion, which the route accepts from a trusted network (loopback)."
            case .issueRequested(let request, let at):
                "2. Gateway → STS  \(Self.offset(at)): RST Issue (\(request.trustVersion), \(request.soapVersion), \(request.bytes) bytes) for AppliesTo \(request.appliesTo), TokenType \(request.tokenType), OnBehalfOf the consumer's UsernameToken (\(request.onBehalfOf), \(request.onBehalfOfHasPassword ? "with" : "no") password), signed with the gateway's X.509 key (\(request.signer))."
            case .issued(let response, let at, let took):
                "3. STS → gateway  \(Self.offset(at)) (\(Self.milliseconds(took)) after the RST): RSTR (\(response.bytes) bytes) with SAML 2.0 assertion \(response.assertionID) for \(response.subject), confirmation \(Self.shortMethod(response.confirmationMethod)), issued by \(response.issuer)\(response.expires.map { ", valid until \($0.formatted(.iso8601))" } ?? "")."
            case .cacheHit(let id, let username):
                "2–3. No STS call: the gateway's token cache held assertion \(id) for \(username)."
            case .forwarded(let forward, let at):
                "4. Gateway → provider  \(Self.offset(at)): the request (\(forward.bytes) bytes) with the UsernameToken replaced by assertion \(forward.assertionID) as the STS signed it, a fresh Timestamp and the gateway's signature over assertion, Body, Timestamp and WS-Addressing headers. Verified: the STS's signature on the SAML 2.0 assertion (issuer \(forward.issuer)), subject \(forward.subject), sender-vouches confirmed by the gateway's signature (\(forward.attestingEntity))."
            case .answered(let reply, let at, let took, let waited):
                "5. Provider → gateway → consumer  \(Self.offset(at)) (\(Self.milliseconds(took)) after the forward): \"\(reply)\", relayed unchanged; the consumer had its answer \(Self.milliseconds(waited)) after sending."
            case .listeningEcho(let sts, let provider, let gateway):
                "The STS listens at \(sts), the echo service (WS-SecureConversation, trusting the STS's holder-of-key assertions) at \(provider), the gateway at \(gateway) (identity assertions from loopback)."
            case .contextRequested(let bytes, let at):
                "4a. Gateway → provider  \(Self.offset(at)): RST/SCT (\(bytes) bytes) for a security context, carrying the holder-of-key assertion and signed with the key it confirms (the gateway's); its Body, with the gateway's entropy, encrypted for the provider."
            case .contextIssued(let bytes, let at, let took):
                "4b. Provider → gateway  \(Self.offset(at)) (\(Self.milliseconds(took)) after the RST/SCT): RSTR/SCT (\(bytes) bytes), signed by the provider and encrypted for the gateway: a context for the consumer's identity; the gateway keeps it in its context cache."
            case .contextReused:
                "2–4. No STS call, no RST/SCT: the gateway's context cache held the security context for jdoe and this provider."
            case .protectedForward(let bytes, let keys, let at):
                "5. Gateway → provider  \(Self.offset(at)): the consumer's Body (\(bytes) bytes on the wire) signed and encrypted with \(keys) keys derived from the context (wsc:DerivedKeyToken); the text is not in the clear."
            case .protectedAnswer(let reply, let at, let took, let waited):
                "6. Provider → gateway → consumer  \(Self.offset(at)) (\(Self.milliseconds(took)) after the request): signed and encrypted with derived keys; the gateway verified and decrypted it and relayed \"\(reply)\"; the consumer had its answer \(Self.milliseconds(waited)) after sending."
            case .message(let from, let to, let bytes):
                "   --- \(from) → \(to) ---\n\(String(decoding: bytes, as: UTF8.self))"
            case .failed(let reason):
                "FAILED: \(reason)"
            }
        }

        static func milliseconds(_ duration: Duration) -> String {
            let (seconds, attoseconds) = duration.components
            return String(format: "%.1f ms", Double(seconds) * 1000 + Double(attoseconds) / 1e15)
        }

        private static func offset(_ duration: Duration) -> String {
            "+" + milliseconds(duration)
        }

        /// `sender-vouches` for `urn:oasis:names:tc:SAML:2.0:cm:sender-vouches`.
        private static func shortMethod(_ method: String) -> String {
            method.split(separator: ":").last.map(String.init) ?? method
        }
    }
}
