import WSSecurity
public import WSTrust
import XMLCore

extension IssuedToken {
    /// The RSTR for this token, shaped as the RSTR of the token-transformation scenario: TokenType
    /// (as the relying party or the request spelled it, no surrounding whitespace),
    /// RequestedSecurityToken, attached and unattached references (a SAMLID or SAML 1.1 AssertionID
    /// KeyIdentifier; a `wsse:Reference` for a UsernameToken; none for a JWT, which WS-Security has
    /// no reference form for), AppliesTo, Lifetime with milliseconds, and the proof material
    /// (RequestedProofToken, Entropy, KeySize, KeyType) when there is a proof key.
    public func response(decision: IssuanceDecision, proof: ProofMaterial, version: WSTrustVersion, context: String?) -> RequestSecurityTokenResponse {
        var response = self.response(version: version, context: context, appliesTo: decision.appliesTo)
        if decision.tokenType.canonical == tokenType { response.tokenType = decision.tokenType }
        proof.apply(to: &response)
        return response
    }

    /// The RSTR for this token without proof material, its TokenType as issued: what Renew
    /// answers (WS-Trust 1.3 §8), the renewed assertion keeping the original's confirmation.
    func response(version: WSTrustVersion, context: String?, appliesTo: String?) -> RequestSecurityTokenResponse {
        var response = RequestSecurityTokenResponse(version: version)
        response.context = context
        response.tokenType = tokenType
        switch form {
        case .element(let element): response.requestedSecurityToken = element
        case .verbatim(let verbatim, _): response.requestedVerbatimToken = verbatim
        }
        if tokenType == .saml20 || tokenType == .saml11 {
            // SAML Token Profile 1.1 §3.4: a SAMLID or SAML 1.1 AssertionID KeyIdentifier.
            let valueType = tokenType == .saml11 ? WSSURI.samlV11ID : WSSURI.samlV20ID
            let form = SecurityTokenReference.Form.keyIdentifier(valueType: valueType, value: Array(id.utf8), text: id)
            if let written = SecurityTokenReference.written(form, tokenType: tokenType.rawValue) {
                response.requestedVerbatimAttachedReference = written
                response.requestedVerbatimUnattachedReference = written
            } else {
                let reference = Self.reference(form, tokenType: tokenType.rawValue)
                response.requestedAttachedReference = reference
                response.requestedUnattachedReference = reference
            }
        } else if tokenType == .usernameToken {
            // Username Token Profile 1.1 §3.2: a UsernameToken is referenced directly, with its
            // ValueType. Attached (WS-Trust 1.3 §4.3.1): the token in the message, by `#wsu:Id`;
            // unattached: the token elsewhere, by its identifier, which Validate and Cancel resolve.
            response.requestedAttachedReference = Self.reference(.reference(uri: "#" + id, valueType: WSSURI.usernameToken))
            response.requestedUnattachedReference = Self.reference(.reference(uri: id, valueType: WSSURI.usernameToken))
        }
        response.appliesTo = appliesTo.map { AppliesTo(address: $0) }
        response.lifetime = lifetime
        return response
    }

    /// A `wsse:SecurityTokenReference` of `form`, the root of a document of its own.
    private static func reference(_ form: SecurityTokenReference.Form, tokenType: String? = nil) -> XMLElement {
        let document = XMLDocument(rootLocalName: "Holder", namespace: nil)
        return SecurityTokenReference.write(form, into: document.root, tokenType: tokenType)
    }
}
