public import SecurityCore
import SOAP
import StoreProtocols
import WSSecurity
import WSTrust
import XMLCore

extension SecureConversationClient {
    /// Adds the claims of `credential` to the established context (WS-SC 1.3 §7, "Amending
    /// Contexts"; the February 2005 submission's Amend binding in that version).
    ///
    /// Sends an RST with RequestType Issue to the Action `{wst}/RST/SCT/Amend`, secured with the
    /// context (its derived key signs the Body, Timestamp and addressing headers: the owner asks)
    /// and signed a second time with `credential`'s private key over the Body and the Timestamp,
    /// its certificate in a BinarySecurityToken (the proof of the claims to add). The Body carries
    /// no secret and travels unencrypted; the response is verified and decrypted under the
    /// context. The service adds the certificate's subject to the context's claims, which its
    /// handler sees with every later message; the context keeps its Identifier, keys and
    /// lifetime. A cookie context gets a new cookie carrying the claims, which the client uses
    /// from then on.
    ///
    /// - Parameter credential: the key and certificate whose subject is to be added; the service
    ///   must trust the certificate (it chains to the service's trust anchors).
    /// - Returns: the context, as after ``establish()``.
    /// - Throws: ``SecureConversationError``: ``SecureConversationError/Code/notEstablished``
    ///   without a context; ``SecureConversationError/Code/fault`` when the service refuses
    ///   (`wst:RequestFailed` when it does not amend contexts or the context holds as many claims
    ///   as it allows, `wsse:FailedAuthentication` or `wsse:FailedCheck` when the proof does not
    ///   verify, `wsc:BadContextToken` for a context that ended);
    ///   ``SecureConversationError/Code/responseRejected`` or
    ///   ``SecureConversationError/Code/invalidResponse`` when the answer does not verify or does
    ///   not name this context.
    @discardableResult
    public func amend(addingClaimsOf credential: X509Credential) async throws -> Context {
        try await amend(addingClaimsOf: .x509(credential))
    }

    /// Adds the claims `proof` proves to the established context, as
    /// ``amend(addingClaimsOf:)-(X509Credential)`` does for a certificate: with
    /// ``ContextClaimsProof/samlHolderOfKey(assertion:credential:)`` the header carries the
    /// assertion and its confirmation key signs the Body and Timestamp with a reference to it
    /// (SAML Token Profile 1.1 §3.5.1); the service adds the assertion's subject as its issuer
    /// names it. The service refuses an assertion of an issuer it does not trust, an expired one,
    /// one that does not confirm the signing key, and every sender-vouches or bearer assertion.
    @discardableResult
    public func amend(addingClaimsOf proof: ContextClaimsProof) async throws -> Context {
        guard let context = issuedContext else { throw SecureConversationError(.notEstablished, "no security context is established") }
        let version = context.token.version
        var rst = RequestSecurityToken(version: version.trustVersion, requestType: .issue)
        rst.context = RandomIdentifier.id("uuid")
        rst.tokenType = version.tokenType
        let request = SOAPEnvelope(version: configuration.soapVersion)
        rst.write(into: request.body)
        let response = try await send(request, action: version.requestAction(.amend), under: context, endorsedBy: proof)

        let reader = IssuedContextReader(version: version, clientEntropy: nil, requestedKeySize: 0, credential: nil, confidential: true)
        let rstr = try reader.response(in: response.bodyPayload)
        guard let element = rstr.requestedSecurityToken, let token = try? SecurityContextToken(element: element), token.version == version,
            token.identifier == context.token.identifier, token.instance == context.token.instance
        else {
            throw SecureConversationError(.invalidResponse, "the response does not carry the amended context's token")
        }
        // The keys and lifetime stay; a cookie context's token now carries the claims.
        var amended = context.token
        amended.cookie = token.cookie ?? context.token.cookie
        let current = IssuedContext(token: amended, record: context.record)
        replace(current)
        return Self.summary(current)
    }
}

/// A token whose claims an Amend adds, with the key that proves them (WS-SC 1.3 §7).
public enum ContextClaimsProof: Sendable {
    /// A certificate the service trusts; its key signs the request.
    case x509(X509Credential)
    /// A holder-of-key SAML assertion (serialized as its STS returned it) that confirms
    /// `credential`'s certificate; that key signs the request.
    case samlHolderOfKey(assertion: [UInt8], credential: X509Credential)

    /// The key that signs the Amend.
    var credential: X509Credential {
        switch self {
        case .x509(let credential), .samlHolderOfKey(_, let credential): credential
        }
    }
}
