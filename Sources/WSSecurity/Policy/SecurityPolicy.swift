public import SOAP
public import X509
public import XMLCore
public import XMLSecurity

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
    /// Whether the Body may be signed under several keys (a countersigned message judged by a
    /// tool, not by an endpoint). Then no single sender is decided: ``SecurityHeaderResult/authenticatedCertificate``
    /// is nil when two certificates signed, and X.509 authentication takes any trusted signer.
    public var allowsSeveralSigners = false

    public init() {}

    /// No requirement at all: for endpoints that enforce their own rules.
    public static let none: SecurityPolicy = {
        var policy = SecurityPolicy()
        policy.requireTimestamp = false
        policy.signedParts = []
        policy.authentication = .none
        return policy
    }()

    /// Throws `invalidSecurity` or `failedAuthentication` naming the first unmet requirement,
    /// and returns the X.509 certificate that authenticated the sender, if any.
    ///
    /// One message has one sender: a Body signed under two keys is refused, since it would
    /// leave open whose request it is and whose key a response is for. When the sender
    /// authenticates by X.509 signature, every required signed part must be covered by a
    /// signature of that certificate: a part signed only by some other key in the message
    /// (one the sender of a rewritten message made up) does not count.
    @discardableResult
    public func check(_ result: SecurityHeaderResult, envelope: SOAPEnvelope) throws -> Certificate? {
        if requireTimestamp, result.timestamp == nil {
            throw WSSecurityError(.invalidSecurity, "a Timestamp is required")
        }
        if let allowed = allowedSignatureAlgorithms,
            let refused = result.signatures.first(where: { !allowed.contains($0.verified.algorithm) })
        {
            throw WSSecurityError(.unsupportedAlgorithm, "the signature algorithm \(refused.verified.algorithm) is not accepted")
        }
        let bodyKeys = result.signingKeys(covering: envelope.body)
        guard bodyKeys.count <= 1 || allowsSeveralSigners else {
            throw WSSecurityError(.invalidSecurity, "the Body is signed with more than one key")
        }
        let certificate = bodyKeys.count > 1 ? nil : try Self.authenticatedCertificate(result, bodyKey: bodyKeys.first)
        let signer: SecurityToken? =
            switch (authentication, certificate) {
            case (.x509Signature, let certificate?), (.x509SignatureOrUsernamePassword, let certificate?): .x509(certificate, chain: [])
            default: nil
            }
        for part in signedParts {
            for element in elements(of: part, in: envelope, result: result) {
                let covering = signer.map { result.signatures(by: $0, covering: element) } ?? result.signatures(covering: element)
                guard !covering.isEmpty else {
                    throw WSSecurityError(.invalidSecurity, "\(element.name.localName) must be signed" + (signer == nil ? "" : " by the sender's certificate"))
                }
            }
        }
        for part in encryptedParts {
            for element in elements(of: part, in: envelope, result: result) {
                let encrypted = part == .body ? result.isContentEncrypted(element) : result.isEncrypted(element)
                guard encrypted else { throw WSSecurityError(.invalidSecurity, "\(element.name.localName) must be encrypted") }
            }
        }
        try checkAuthentication(result, certificate: certificate)
        return certificate
    }

    /// The certificate whose signature covers the Body; when nothing signed the Body, the one
    /// certificate that signed anything (two are refused).
    private static func authenticatedCertificate(_ result: SecurityHeaderResult, bodyKey: SecurityToken?) throws -> Certificate? {
        if let bodyKey {
            if case .x509(let certificate, _) = bodyKey { return certificate }
            return nil
        }
        var certificates: [Certificate] = []
        for signature in result.signatures {
            if case .x509(let certificate, _) = signature.token, !certificates.contains(certificate) { certificates.append(certificate) }
        }
        guard certificates.count <= 1 else {
            throw WSSecurityError(.invalidSecurity, "the message is signed with more than one certificate")
        }
        return certificates.first
    }

    private func checkAuthentication(_ result: SecurityHeaderResult, certificate: Certificate?) throws {
        let anyX509 = result.signatures.contains { if case .x509 = $0.token { true } else { false } }
        let x509 = certificate != nil || (allowsSeveralSigners && anyX509)
        let password = result.usernameTokens.contains { $0.passwordVerified }
        let satisfied =
            switch authentication {
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
            return envelope.headerBlocks.filter(WSAddressingVersion.isAddressingElement)
        }
    }
}
