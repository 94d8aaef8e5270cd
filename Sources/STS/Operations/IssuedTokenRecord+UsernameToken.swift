import StoreProtocols
import WSSecurity
import WSTrust

extension IssuedTokenRecord {
    /// Whether this record is of the UsernameToken identity assertion `token`: a UsernameToken
    /// the STS issued to that username (the record's key being the token's `wsu:Id`).
    func isUsernameToken(_ token: UsernameToken) -> Bool {
        TokenType(rawValue: tokenType) == .usernameToken && subject == token.username
    }
}
