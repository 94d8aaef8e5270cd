import Foundation
import SecurityCore
import SOAP
import WSSecurity
import XMLCore
import XMLSecurity

/// The swap for a provider that takes a UsernameToken: the consumer's security header is
/// replaced by one carrying the UsernameToken the STS issued, a fresh Timestamp, and the
/// gateway's signature over the token, the Body, the Timestamp and the WS-Addressing headers,
/// its certificate as a BinarySecurityToken.
///
/// The token has no password and no signature of its own (Username Token Profile 1.1 §3.1): a
/// provider learns that the gateway vouches for the name from the gateway's signature covering
/// it, as a sender-vouches assertion is bound to its message by the attesting entity's
/// signature (SAML Token Profile 1.1 §3.5.1). The token goes in exactly as the STS issued it —
/// copied from the bytes the gateway checked, its `wsu:Id`, Nonce and Created unchanged — and
/// the signature references it by that `wsu:Id` (WSS 1.1 §8). Everything else in the
/// consumer's message is forwarded as it came (the Body and the addressing headers gain the
/// `wsu:Id` the signature references).
struct UsernameTokenBinding: Sendable {
    let signer: ForwardedMessageSigner

    init(credential: X509Credential, clock: TimeSource) {
        signer = ForwardedMessageSigner(credential: credential, clock: clock)
    }

    /// Transforms `envelope` in place.
    ///
    /// - Throws: ``GatewayError`` `invalidSecurity` when the message cannot be signed (an ID
    ///   used twice, say).
    func secure(_ envelope: SOAPEnvelope, replacing consumerHeader: XMLElement, with token: IssuedUsernameToken) throws(GatewayError) {
        try signer.secure(envelope, replacing: consumerHeader, tokenPart: .usernameToken) { $0.serializedUsernameToken = token.bytes }
    }
}
