import SOAP
import XMLCore
import XMLSecurity

/// What an endpoint requires of a message's security, checked against the processing result
/// (never against the raw message), so a signature counts only for the elements it really
/// covers: the Body found by the envelope's structure, the Timestamp this header carried, the
/// header blocks the application reads.
public struct SecurityPolicy: Sendable {
    /// A part of the message a rule applies to.
    public enum Part: Hashable, Sendable {
        case body
        case timestamp
        /// Every header block with this name (when present).
        case header(QName)
        /// Every WS-Addressing header block (1.0 and the 2004/08 submission).
        case addressingHeaders
    }

    /// How the sender must authenticate.
    public enum Authentication: Hashable, Sendable {
        case none
        /// A signature whose key is a trusted X.509 certificate.
        case x509Signature
        /// A UsernameToken whose password was verified.
        case usernamePassword
        /// Either of the two above.
        case x509SignatureOrUsernamePassword
    }

    public var requireTimestamp = true
    public var signedParts: Set<Part> = [.body, .timestamp]
    public var encryptedParts: Set<Part> = []
    public var authentication: Authentication = .x509Signature
    /// Signature algorithms accepted (nil: any the verifier supports).
    public var allowedSignatureAlgorithms: Set<SignatureAlgorithm>?

    public init() {}

    /// No requirement at all: for endpoints that enforce their own rules.
    public static let none: SecurityPolicy = {
        var policy = SecurityPolicy()
        policy.requireTimestamp = false
        policy.signedParts = []
        policy.authentication = .none
        return policy
    }()

    /// Throws `invalidSecurity` or `failedAuthentication` naming the first unmet requirement.
    public func check(_ result: SecurityHeaderResult, envelope: SOAPEnvelope) throws {
        if requireTimestamp, result.timestamp == nil {
            throw WSSecurityError(.invalidSecurity, "a Timestamp is required")
        }
        if let allowed = allowedSignatureAlgorithms,
           let refused = result.signatures.first(where: { !allowed.contains($0.verified.algorithm) }) {
            throw WSSecurityError(.unsupportedAlgorithm, "the signature algorithm \(refused.verified.algorithm) is not accepted")
        }
        for part in signedParts {
            for element in elements(of: part, in: envelope, result: result) where result.signatures(covering: element).isEmpty {
                throw WSSecurityError(.invalidSecurity, "\(element.name.localName) must be signed")
            }
        }
        for part in encryptedParts {
            for element in elements(of: part, in: envelope, result: result) {
                let encrypted = part == .body ? result.isContentEncrypted(element) : result.isEncrypted(element)
                guard encrypted else { throw WSSecurityError(.invalidSecurity, "\(element.name.localName) must be encrypted") }
            }
        }
        try checkAuthentication(result)
    }

    private func checkAuthentication(_ result: SecurityHeaderResult) throws {
        let x509 = result.signingCertificate != nil
        let password = result.usernameTokens.contains { $0.passwordVerified }
        let satisfied = switch authentication {
        case .none: true
        case .x509Signature: x509
        case .usernamePassword: password
        case .x509SignatureOrUsernamePassword: x509 || password
        }
        guard satisfied else {
            throw WSSecurityError(.failedAuthentication, "the sender is not authenticated")
        }
    }

    private func elements(of part: Part, in envelope: SOAPEnvelope, result: SecurityHeaderResult) -> [XMLElement] {
        switch part {
        case .body:
            return [envelope.body]
        case .timestamp:
            return result.timestamp.map { [$0.element] } ?? []
        case .header(let name):
            return envelope.headerBlocks.filter { $0.name == name }
        case .addressingHeaders:
            let namespaces = Set(WSAddressingVersion.allCases.map(\.namespace))
            return envelope.headerBlocks.filter { $0.namespaceURI.map(namespaces.contains) ?? false }
        }
    }
}
