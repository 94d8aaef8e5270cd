public import SAML
import SecurityCore

extension SAMLError {
    /// The WS-Security fault this error is answered with (WSS SAML Token Profile 1.1 §3.6 and
    /// WSS 1.1 §12): a token in a version or form we do not process is
    /// `wsse:UnsupportedSecurityToken`; every other failure, from a bad signature to an
    /// expired assertion, is `wsse:InvalidSecurityToken` with this error's safe reason.
    /// The WS-Trust layer maps the same cases to `wst:InvalidSecurityToken`.
    public var wsSecurityError: WSSecurityError {
        code == .unsupported
            ? WSSecurityError(.unsupportedSecurityToken, reason)
            : WSSecurityError(.invalidSecurityToken, reason)
    }
}
