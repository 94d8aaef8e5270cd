import Foundation
import XMLCore

/// A requested or issued token type URI (`wst:TokenType`), with the names peers spell them by.
public struct TokenType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue.trimmingXMLWhitespace()
    }

    /// SAML 2.0 (SAML Token Profile 1.1 §3.6).
    public static let saml20 = TokenType(rawValue: "http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLV2.0")
    /// SAML 1.1 (SAML Token Profile 1.1 §3.6).
    public static let saml11 = TokenType(rawValue: "http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLV1.1")
    /// The SAML 2.0 namespace, as ADFS and WIF clients name SAML 2.0.
    public static let saml20Namespace = TokenType(rawValue: "urn:oasis:names:tc:SAML:2.0:assertion")
    /// The SAML 1.0 namespace, as ADFS and WIF clients name SAML 1.1.
    public static let saml11Namespace = TokenType(rawValue: "urn:oasis:names:tc:SAML:1.0:assertion")
    /// A JSON Web Token (RFC 8693 token type identifier).
    public static let jwt = TokenType(rawValue: "urn:ietf:params:oauth:token-type:jwt")
    /// A `wsse:UsernameToken` (Username Token Profile 1.1 §3.1), issued as an identity assertion
    /// for a provider that takes a username vouched for by its caller's signature.
    public static let usernameToken = TokenType(rawValue: "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#UsernameToken")
    /// A WS-SecureConversation 1.3 security context token.
    public static let sct13 = TokenType(rawValue: "http://docs.oasis-open.org/ws-sx/ws-secureconversation/200512/sct")
    /// A WS-SecureConversation February 2005 security context token.
    public static let sct200502 = TokenType(rawValue: "http://schemas.xmlsoap.org/ws/2005/02/sc/sct")

    /// The same type, with the SAML namespace aliases folded into the profile URIs.
    public var canonical: TokenType {
        switch self {
        case .saml20Namespace: .saml20
        case .saml11Namespace: .saml11
        default: self
        }
    }

    public var description: String { rawValue }
}
