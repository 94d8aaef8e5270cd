public import SOAP
import WSSecurity
import WSTrust
import XMLCore

/// The first request a new installation can send: the shape of the RST in the token-transformation
/// scenario, unsigned. The gateway signs it (`tessera sign`) just before sending, so its Timestamp
/// is fresh and its signature unique each time.
public enum SampleRequest {
    /// A SOAP 1.2 WS-Trust 1.3 Issue request to `endpointAddress` for the sample relying party,
    /// on behalf of `subject` (a UsernameToken without password: an identity assertion only a
    /// delegating requestor may make).
    public static func envelope(endpointAddress: String, subject: String = "alice") -> SOAPEnvelope {
        let envelope = SOAPEnvelope(version: .v12)
        AddressingHeaders(
            version: .v10, to: endpointAddress, action: WSTrustVersion.v13.requestAction(.issue),
            messageID: AddressingHeaders.newMessageID()
        ).write(to: envelope)
        var request = RequestSecurityToken(version: .v13, requestType: .issue)
        request.appliesTo = AppliesTo(address: SampleConfiguration.sampleServiceAddress)
        request.tokenType = .saml20
        let holder = XMLDocument(rootLocalName: "Holder", namespace: nil)
        request.onBehalfOf = UsernameToken(username: subject, password: nil).write(into: holder.root)
        request.write(into: envelope.body)
        return envelope
    }
}
