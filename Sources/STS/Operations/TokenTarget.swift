import SOAP
import WSSecurity
import WSTrust
import XMLCore

/// The token a Validate, Renew or Cancel request is about (WS-Trust 1.3 §7-§10): the token
/// itself, or a `wsse:SecurityTokenReference` naming a token the STS issued by its
/// identifier (a SAML ID, or a `wsse:Reference` to a UsernameToken's `wsu:Id` as the RSTR's
/// attached and unattached references give it).
enum TokenTarget {
    /// A SAML assertion, carried whole.
    case samlAssertion(HeaderSAMLAssertion)
    /// A UsernameToken identity assertion, with its `wsu:Id` (how the STS recorded one it issued).
    /// Not signed: it names a record, it proves nothing.
    case usernameToken(UsernameToken, id: String?)
    /// A JWT (compact JWS) in either ``JWTEncapsulation`` form, not yet verified.
    case jwt(String)
    /// A reference by identifier: a SAMLID / SAMLAssertionID KeyIdentifier, or a Reference
    /// whose URI is the identifier (with or without `#`).
    case reference(id: String)
    /// Some other token.
    case other(localName: String)

    init(_ element: XMLElement) throws(WSTrustError) {
        switch (element.namespaceURI, element.localName) {
        case (HeaderSAMLAssertion.saml20Namespace, "Assertion"), (HeaderSAMLAssertion.saml11Namespace, "Assertion"):
            do {
                self = .samlAssertion(try HeaderSAMLAssertion(element: element))
            } catch {
                throw WSTrustError(.invalidRequest, "the target SAML assertion has no ID")
            }
        case (WSSNamespace.secext, "UsernameToken"):
            do {
                self = .usernameToken(try UsernameToken(element: element), id: element.attribute("Id", WSSNamespace.utility))
            } catch {
                throw WSTrustError(.invalidRequest, "the target UsernameToken is malformed")
            }
        case (WSSNamespace.secext, "SecurityTokenReference"):
            let reference: SecurityTokenReference
            do {
                reference = try SecurityTokenReference(element: element)
            } catch {
                throw WSTrustError(.invalidRequest, "the target SecurityTokenReference is malformed")
            }
            switch reference.form {
            case .keyIdentifier(let valueType, _, let text) where valueType == WSSURI.samlV20ID || valueType == WSSURI.samlV11ID:
                self = .reference(id: text)
            case .reference(let uri, _):
                self = .reference(id: uri.hasPrefix("#") ? String(uri.dropFirst()) : uri)
            default:
                throw WSTrustError(.invalidRequest, "the target reference does not name a token by its identifier")
            }
        default:
            if let jwt = JWTEncapsulation.jwt(in: element) {
                self = .jwt(jwt)
            } else {
                self = .other(localName: element.localName)
            }
        }
    }

    /// The identifier the token store knows the token by, when the target names one without
    /// verification (a JWT's `jti` is read only once its signature is verified).
    var id: String? {
        switch self {
        case .samlAssertion(let assertion): assertion.id
        case .reference(let id): id
        case .usernameToken(_, let id): id
        case .jwt, .other: nil
        }
    }
}
