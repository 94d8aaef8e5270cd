public import SOAP
public import SecureConversation
import XMLCore

/// A stock-quote service that answers only messages secured with a WS-SecureConversation
/// context: the example of a Swift service built on Tessera's library. `GetQuote(symbol)` is
/// answered with `Quote(symbol, price, requestor)`, where the requestor is the identity that
/// established the context (the X.509 subject of its bootstrap signature). The service never
/// sees a message that did not pass the context's checks: the ``SecureConversationService``
/// verifies and decrypts each request before calling ``handler`` and signs and encrypts the
/// reply after it.
public enum QuoteService {
    public static let namespace = "urn:example:quotes"
    /// The WS-Addressing Action of a quote request.
    public static let action = "urn:example:quotes/GetQuote"
    /// The WS-Addressing Action of the answer.
    public static let responseAction = "urn:example:quotes/Quote"
    /// The prices the example knows, in cents.
    public static let prices: [String: Int] = ["ACME": 12_345, "INITECH": 4_200, "GLOBEX": 99_900]

    /// A request the service does not answer: not a `GetQuote`, or an unknown symbol. The
    /// secure-conversation service turns it into a `Receiver` fault that names no cause.
    public struct UnknownRequest: Error {}

    /// Answers `GetQuote(symbol)`.
    public static let handler: SecureConversationHandler = { request in
        guard let payload = request.payload, payload.is("GetQuote", namespace) else { throw UnknownRequest() }
        let symbol = payload.trimmedText
        guard let cents = prices[symbol] else { throw UnknownRequest() }
        return SecureConversationReply(version: request.envelope.version, action: responseAction) { body in
            let quote = body.addChild("Quote", namespace, prefix: "q")
            quote.setAttribute("symbol", value: symbol)
            quote.setAttribute("requestor", value: request.identity)
            quote.setText(price(cents))
        }
    }

    /// A `GetQuote(symbol)` request envelope.
    public static func request(_ symbol: String, version: SOAPVersion = .v12) -> SOAPEnvelope {
        let envelope = SOAPEnvelope(version: version)
        envelope.body.addChild("GetQuote", namespace, prefix: "q").setText(symbol)
        return envelope
    }

    /// The price and requestor of the `Quote` in `response`; nil when it holds none.
    public static func quote(in response: SOAPEnvelope) -> (price: String, requestor: String)? {
        guard let payload = response.bodyPayload, payload.is("Quote", namespace),
            let requestor = payload.attribute("requestor")
        else { return nil }
        return (payload.trimmedText, requestor)
    }

    private static func price(_ cents: Int) -> String {
        let fraction = cents % 100
        return "\(cents / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
