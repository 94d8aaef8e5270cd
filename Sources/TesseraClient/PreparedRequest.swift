public import SOAP
public import WSTrust

/// A secured request envelope ready to send, with what the client must remember to read its
/// answer: the `wsa:MessageID` the reply must relate to and the entropy a computed proof key
/// is made from.
public struct PreparedRequest {
    /// The signed (or UsernameToken-carrying) request envelope.
    public let envelope: SOAPEnvelope
    public let requestType: RequestType
    /// The WS-Addressing Action, also sent as the SOAP action of the HTTP binding.
    public let action: String
    public let messageID: String
    /// The symmetric key size asked for, in bits.
    let keySize: Int?
    /// The client's entropy for a symmetric key (a secret: never printed).
    let clientEntropy: [UInt8]?

    /// The envelope's bytes, as sent.
    public func serialize() -> [UInt8] { envelope.serialize() }
}
