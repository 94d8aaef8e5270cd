import Foundation
import SOAP
import SecurityCore
import WSSecurity
import XMLCore
import XMLSecurity

/// What both outbound bindings share: the consumer's security header replaced by one with a
/// fresh Timestamp, the issued token, the gateway's certificate as a BinarySecurityToken and its
/// signature over the Timestamp, the Body, the WS-Addressing headers and the token.
struct ForwardedMessageSigner: Sendable {
    let credential: X509Credential
    let clock: TimeSource
    /// Lifetime of the forwarded message's Timestamp.
    var timestampLifetime: TimeInterval = 300

    /// Transforms `envelope` in place: `addToken` puts the issued token into the builder,
    /// `tokenPart` is how the signature references it.
    ///
    /// - Throws: ``GatewayError`` `invalidSecurity` when the message cannot be signed (an ID
    ///   used twice, say).
    func secure(
        _ envelope: SOAPEnvelope, replacing consumerHeader: XMLElement, tokenPart: SecurityHeaderBuilder.Part,
        addToken: (inout SecurityHeaderBuilder) -> Void
    ) throws(GatewayError) {
        consumerHeader.remove()
        var builder = SecurityHeaderBuilder()
        builder.clock = clock
        builder.timestampLifetime = timestampLifetime
        addToken(&builder)
        var signature = SecurityHeaderBuilder.SignatureOptions(credential: credential)
        signature.keyReference = .binarySecurityToken
        signature.algorithm = .preferred(for: credential.privateKey.keyType)
        signature.parts = [.timestamp, .body, .addressingHeaders, tokenPart]
        // The envelope is serialized next and forwarded: the signature goes in as its bytes.
        signature.writesCanonicalSignature = true
        builder.signature = signature
        do {
            try builder.secure(envelope)
        } catch {
            throw GatewayError(.invalidSecurity, "the forwarded message cannot be signed: \(WSSecurityError(error).reason)")
        }
    }
}
