import Foundation
import SOAP
import TesseraClient
import WSSecurity

extension TokenExchange {
    /// The UsernameToken identity assertion of `response` (its serialized `bytes`).
    /// ``TesseraClient/STSClient`` has checked it already: the TokenType, a `wsse:UsernameToken`
    /// with a `wsu:Id` and without password, inside what the STS's signature covers, and a
    /// Lifetime still ahead. The token carries no audience of its own, so the AppliesTo the STS
    /// states in its signed answer, when it states one, must be the route's. It is cached until
    /// the margin before the RSTR's Expires, the only expiry it has.
    func checkUsernameToken(_ response: STSResponse, bytes: [UInt8]) throws(GatewayError) -> FetchedToken<ExchangedToken> {
        let rstr = response.response
        guard let token = response.issuedUsernameToken, let id = response.issuedToken?.attribute("Id", WSSNamespace.utility),
            let expires = rstr.lifetime?.expires
        else {
            throw GatewayError(.tokenUnavailable, "the issued token is not an acceptable UsernameToken")
        }
        if let appliesTo = rstr.appliesTo?.address, appliesTo != route.appliesTo {
            throw GatewayError(.tokenUnavailable, "the UsernameToken was issued for another AppliesTo")
        }
        let until = policy.cacheUntil(expiries: [expires], oneTimeUse: false, now: clock.now)
        return FetchedToken(
            token: .usernameToken(IssuedUsernameToken(bytes: bytes, id: id, username: token.username)), tokenID: id,
            cacheUntil: until)
    }
}
