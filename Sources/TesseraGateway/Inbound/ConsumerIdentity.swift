import SOAP
import TesseraServer
import WSSecurity
import XMLCore

/// The identity a consumer's request carries: its one `wsse:UsernameToken` (Username Token
/// Profile 1.1 §3), read from the security header the gateway consumes.
struct ConsumerIdentity {
    let token: UsernameToken
    /// The `wsse:Security` header block it came in; the gateway replaces it.
    let securityHeader: XMLElement

    var username: String { token.username }

    /// The header blocks the gateway understands (SOAP 1.2 Part 1 §5.2.3), checked by the shared
    /// request path before anything else: the security header it transforms and the
    /// WS-Addressing headers it routes by and signs. The gateway is a SOAP intermediary (SOAP
    /// 1.2 Part 1 §2.7.2): it plays the `next` role, so a mustUnderstand block targeted at
    /// `next` that it does not understand is refused; blocks for the ultimate receiver travel on
    /// to the provider.
    static let understoodHeaders = UnderstoodHeaderBlocks(names: [QName(WSSNamespace.secext, "Security")], addressing: true, roles: [.next])

    /// Reads the consumer identity of `envelope`, whose mandatory header blocks the shared request
    /// path has checked; the `wsse:Security` header is the gateway's to transform.
    ///
    /// The security header must hold exactly one UsernameToken and at most one Timestamp
    /// (dropped: the forwarded message gets a fresh one).
    ///
    /// - Throws: ``GatewayError``: `notUnderstood`, `malformedRequest`, `invalidSecurity` for
    ///   anything else in the header, `failedAuthentication` for no UsernameToken or several.
    init(of envelope: SOAPEnvelope) throws(GatewayError) {
        let headers: [XMLElement]
        do throws(SOAPError) {
            headers = try envelope.securityHeaders(actingAs: [.ultimateReceiver, .next])
        } catch {
            throw GatewayError(error)
        }
        guard headers.count == 1, let header = headers.first else {
            throw GatewayError(
                headers.isEmpty ? .failedAuthentication : .invalidSecurity,
                headers.isEmpty ? "the request carries no security header" : "the request carries \(headers.count) security headers")
        }
        var tokens: [XMLElement] = []
        var timestamps = 0
        for child in header.children {
            if child.is("UsernameToken", WSSNamespace.secext) {
                tokens.append(child)
            } else if child.is("Timestamp", WSSNamespace.utility), timestamps == 0 {
                timestamps += 1
            } else {
                throw GatewayError(.invalidSecurity, "the security header holds \(child.name), which the gateway does not take")
            }
        }
        guard tokens.count == 1, let element = tokens.first else {
            throw GatewayError(.failedAuthentication, "the security header holds \(tokens.count) UsernameTokens, not one")
        }
        do {
            token = try UsernameToken(element: element)
        } catch {
            throw GatewayError(.failedAuthentication, "the UsernameToken cannot be read (\(WSSecurityError(error).reason))")
        }
        securityHeader = header
    }
}
