public import Foundation
public import X509
import XMLCore

/// Decides whether a SAML assertion carried in the security header is trusted and which key its
/// holder-of-key subject confirmation names (SAML Token Profile 1.1 §3.5.1), so a signature
/// whose KeyInfo references the assertion (STR KeyIdentifier of ValueType SAMLID or
/// SAMLAssertionID, or a `#ID` Reference) can be verified with that key.
///
/// WSSecurity does not read SAML; the SAML-aware layer (the STS, a relying party) implements
/// this with its assertion validator and its list of trusted issuers.
public protocol SAMLConfirmationKeyResolver: Sendable {
    /// The certificate whose key the holder-of-key subject of `assertion` proves possession of,
    /// once the implementation has decided the assertion is trusted at `now`. Throw to refuse:
    /// a ``WSSecurityError`` is answered as it is; any other error becomes
    /// `wsse:FailedAuthentication` ("the SAML assertion is not trusted").
    func confirmationCertificate(of assertion: HeaderSAMLAssertion, at now: Date) async throws -> Certificate
}
