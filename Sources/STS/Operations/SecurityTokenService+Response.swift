import Foundation
import SOAP
import WSSecurity
import WSTrust

extension SecurityTokenService {
    /// The response envelope: WS-Addressing reply headers with the version's final action
    /// (WS-Trust 1.3: `RSTRC/IssueFinal`, `RSTR/{Validate,Renew,Cancel}Final`; 2005/02:
    /// `RSTR/{type}`), the RSTR — inside an RSTRC for a WS-Trust 1.3 Issue (§4.3), alone
    /// otherwise, as CXF and WCF answer — and a security header with a Timestamp, signed by
    /// the STS unless the endpoint says otherwise. `addressing` holds the request's headers.
    func respond(
        _ rstr: RequestSecurityTokenResponse, to request: SOAPEnvelope, addressing: AddressingHeaders?, type: RequestType,
        context: STSRequestContext
    ) throws -> SOAPEnvelope {
        let response = SOAPEnvelope(version: request.version)
        if let addressing {
            addressing.reply(action: rstr.version.responseAction(type)).write(to: response)
        }
        if type == .issue {
            rstr.writeFinalIssueResponse(into: response.body)
        } else {
            rstr.write(into: response.body)
        }
        var builder = SecurityHeaderBuilder()
        builder.clock = configuration.inbound.clock
        if context.signResponse ?? configuration.signResponses {
            // The reply's addressing headers are signed with the Body: RelatesTo is how the
            // requestor knows the answer is to its request, not an older one.
            var signature = SecurityHeaderBuilder.SignatureOptions(credential: configuration.signingCredential)
            signature.parts = [.body, .timestamp, .addressingHeaders]
            // The envelope is serialized next: the Signature is written in canonical form, as
            // the RSTRC it covers already is.
            signature.writesCanonicalSignature = true
            builder.signature = signature
        }
        do {
            try builder.secure(response)
        } catch {
            throw WSTrustError(.requestFailed, "the response could not be signed")
        }
        return response
    }

    /// A fault envelope in the request's SOAP version, with WS-Addressing fault-reply headers
    /// when the request carried readable addressing headers (`addressing`).
    func faultResponse(_ fault: SOAPFault, to request: SOAPEnvelope, addressing: AddressingHeaders?) -> SOAPEnvelope {
        let response = fault.envelope(request.version)
        if let addressing {
            addressing.faultReply().write(to: response)
        }
        return response
    }
}
