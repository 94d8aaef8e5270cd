/// What one Issue request came back with.
public enum ResponseOutcome: Sendable, Equatable {
    /// HTTP 200 with a WS-Trust RequestSecurityTokenResponse: a token was issued.
    case token
    /// HTTP 400 or 500: a SOAP fault (refused, e.g. a replayed or expired request).
    case fault
    /// Any other status, or a 200 without an RSTR.
    case unexpected
    /// No response: connection failure or timeout.
    case transportError

    /// Classifies a response by its status and body.
    public static func classify<Body: Collection>(status: Int, body: Body) -> ResponseOutcome where Body.Element == UInt8 {
        switch status {
        case 200: return contains(body, marker) ? .token : .unexpected
        case 400, 500: return .fault
        default: return .unexpected
        }
    }

    /// The local name every RSTR (WS-Trust 1.3 §4.1 and 2005/02) starts with; it also prefixes
    /// RequestSecurityTokenResponseCollection.
    private static let marker = Array("RequestSecurityTokenResponse".utf8)

    private static func contains<Body: Collection>(_ body: Body, _ needle: [UInt8]) -> Bool where Body.Element == UInt8 {
        let bytes = Array(body)
        guard bytes.count >= needle.count, let first = needle.first else { return false }
        var index = 0
        while index <= bytes.count - needle.count {
            if bytes[index] == first, bytes[index..<index + needle.count].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }
}
