import Foundation
import SecurityCore
import SOAP
import TesseraCrypto
import WSSecurity
import XMLCore
import XMLSecurity

/// The swap of the token-transformation scenario: the consumer's security header is replaced by
/// one carrying the issued assertion, a fresh Timestamp, and the gateway's signature over the
/// assertion (through a SecurityTokenReference and the STR Dereference Transform, or directly by
/// its ID, as the route's ``AssertionSigningForm`` says), the Body, the Timestamp and the
/// WS-Addressing headers, its certificate as a BinarySecurityToken. A sender-vouches assertion
/// is only as good as the attesting entity's signature binding it to the message (SAML Token
/// Profile 1.1 §3.5.1, §3.4.3).
///
/// The assertion goes in exactly as the STS signed it: copied from the bytes the gateway
/// verified, never re-indented and never given a `wsu:Id`, so its canonical form, and with it
/// the STS's signature, is unchanged. Everything else in the consumer's message is forwarded as
/// it came (the Body and the addressing headers gain the `wsu:Id` the signature references).
struct SenderVouchesBinding: Sendable {
    let signer: ForwardedMessageSigner
    let form: AssertionSigningForm

    init(credential: X509Credential, form: AssertionSigningForm, clock: TimeSource) {
        signer = ForwardedMessageSigner(credential: credential, clock: clock)
        self.form = form
    }

    /// Transforms `envelope` in place.
    ///
    /// - Throws: ``GatewayError`` `invalidSecurity` when the message cannot be signed (an ID
    ///   used twice, say).
    func secure(_ envelope: SOAPEnvelope, replacing consumerHeader: XMLElement, with assertion: IssuedAssertion) throws(GatewayError) {
        try signer.secure(envelope, replacing: consumerHeader, tokenPart: assertionPart) { $0.preparedSAMLAssertion = assertion.prepared }
    }

    /// The signed part that references the assertion in this form.
    private var assertionPart: SecurityHeaderBuilder.Part {
        switch form {
        case .strTransform: .samlAssertionTokenReference
        case .direct: .samlAssertion
        }
    }
}
