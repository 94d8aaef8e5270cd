import Foundation
import TesseraCrypto
import WSSecurity
public import WSTrust
import XMLCore

extension TokenRequest {
    /// The `wst:RequestSecurityToken` for this request in `version`, and the entropy the client
    /// put in it (nil unless a symmetric key with client entropy was asked for). Delegated
    /// tokens and claims are built in a document of their own and copied into the RST when it
    /// is written.
    ///
    /// - Throws: ``STSClientError`` `invalidRequest` for an empty AppliesTo or username, or a
    ///   symmetric key size outside ``KeyRequest/symmetricKeySizes`` or not whole bytes.
    public func requestSecurityToken(version: WSTrustVersion) throws -> (rst: RequestSecurityToken, clientEntropy: [UInt8]?) {
        let holder = XMLDocument(rootLocalName: "Holder", namespace: nil)
        var rst = RequestSecurityToken(version: version, requestType: operation.requestType)
        rst.context = context
        rst.tokenType = tokenType
        switch operation {
        case .issue:
            break
        case .validate(let token):
            rst.target = token
            // No TokenType asks for a status only (WS-Trust 1.3 §7).
            if tokenType == nil { rst.tokenType = TokenType(rawValue: version.statusTokenType) }
        case .renew(let token), .cancel(let token):
            rst.target = token
        }
        if let appliesTo {
            let address = appliesTo.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !address.isEmpty else { throw STSClientError(.invalidRequest, "AppliesTo is empty") }
            rst.appliesTo = AppliesTo(address: address)
        }
        rst.onBehalfOf = try onBehalfOf?.element(in: holder.root)
        rst.actAs = try actAs?.element(in: holder.root)
        rst.lifetime = lifetime
        rst.renewing = renewing.map { (allow: $0.allow, ok: $0.renewAfterExpiry) }
        rst.claims = claims?.element(in: holder.root, namespace: version.namespace)

        var clientEntropy: [UInt8]?
        if let keyType {
            rst.keyType = keyType.keyType
            switch keyType {
            case .bearer:
                break
            case .symmetricKey(let keySize, let withEntropy):
                guard KeyRequest.symmetricKeySizes.contains(keySize), keySize % 8 == 0 else {
                    throw STSClientError(.invalidRequest, "a symmetric key size must be whole bytes in \(KeyRequest.symmetricKeySizes) bits")
                }
                rst.keySize = keySize
                if withEntropy {
                    // WS-Trust 1.3 §4.4.3: client entropy of the key's size, combined with the STS's by P_SHA1.
                    let entropy = SecureRandom.bytes(keySize / 8)
                    rst.entropy = .binarySecret(BinarySecret(value: entropy, type: version.binarySecretNonce))
                    rst.computedKeyAlgorithm = version.computedKeyPSHA1
                    clientEntropy = entropy
                }
            case .publicKey(let certificate):
                rst.useKey = try BinarySecurityToken.write(certificate, into: holder.root, id: "UseKey-" + UUID().uuidString.lowercased())
            }
        }
        return (rst, clientEntropy)
    }
}

extension DelegatedToken {
    /// The token element, built in (or copied into) `holder`.
    func element(in holder: XMLElement) throws -> XMLElement {
        switch self {
        case .identity(let username):
            guard !username.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw STSClientError(.invalidRequest, "a delegated identity needs a username")
            }
            return UsernameToken(username: username, password: nil).write(into: holder)
        case .usernameToken(let token):
            return token.write(into: holder)
        case .samlAssertion(let assertion):
            return assertion
        case .certificate(let certificate):
            return try BinarySecurityToken.write(certificate, into: holder, id: "X509-" + UUID().uuidString.lowercased())
        }
    }
}

extension RequestedClaims {
    /// `wst:Claims Dialect="…"` with one `ic:ClaimType` per claim, in `namespace` (the RST's).
    func element(in holder: XMLElement, namespace: String) -> XMLElement {
        let claims = holder.addChild("Claims", namespace, prefix: "wst")
        claims.setAttribute("Dialect", value: dialect)
        for claimType in claimTypes {
            let element = claims.addChild("ClaimType", Self.identityDialect, prefix: "ic")
            element.setAttribute("Uri", value: claimType.uri)
            if claimType.optional { element.setAttribute("Optional", value: "true") }
        }
        return claims
    }
}
