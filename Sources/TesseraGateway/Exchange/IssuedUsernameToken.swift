/// A UsernameToken identity assertion the STS issued for one identity and relying party,
/// checked and ready to be forwarded: its bytes exactly as they arrived inside the STS's
/// signed response, its `wsu:Id`, Nonce and Created unchanged.
struct IssuedUsernameToken: Sendable {
    /// The token as a document of its own, every namespace it uses declared.
    let bytes: [UInt8]
    /// Its `wsu:Id`, by which the gateway's signature references it.
    let id: String
    /// The name it asserts.
    let username: String
}
