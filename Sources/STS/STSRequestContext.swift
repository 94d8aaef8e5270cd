import Foundation
public import SOAP

/// What the transport knows about one request and the STS cannot read from the envelope.
/// The server fills it in per endpoint; in-process callers may use the defaults.
public struct STSRequestContext: Sendable {
    /// Whether the request arrived over TLS (HTTPS). A UsernameToken PasswordText is accepted
    /// only then, and a bearer SAML assertion in the header authenticates only then (or when a
    /// trusted requestor signed the request).
    public var transportIsSecure: Bool
    /// The action from the HTTP `SOAPAction` header (SOAP 1.1) or the `action` media-type
    /// parameter (SOAP 1.2), unquoted; checked against `wsa:Action` and the RequestType.
    public var soapAction: String?
    /// The authentication methods this endpoint accepts, in order (for example only
    /// `UsernamePasswordAuthentication` on ADFS's usernamemixed path); nil for the configured ones.
    public var authenticators: [any RequestorAuthenticator]?
    /// Whether to sign the response message; nil for ``STSConfiguration/signResponses``.
    public var signResponse: Bool?
    /// The peer's address, for audit only.
    public var remoteAddress: String?
    /// The request's WS-Addressing headers, when the transport read them from this very
    /// envelope already (``SOAP/AddressingHeaders/init(reading:)``); nil: the STS reads them.
    public var addressing: AddressingHeaders?

    public init(
        transportIsSecure: Bool = false, soapAction: String? = nil, authenticators: [any RequestorAuthenticator]? = nil,
        signResponse: Bool? = nil, remoteAddress: String? = nil, addressing: AddressingHeaders? = nil
    ) {
        self.transportIsSecure = transportIsSecure
        self.soapAction = soapAction
        self.authenticators = authenticators
        self.signResponse = signResponse
        self.remoteAddress = remoteAddress
        self.addressing = addressing
    }
}
