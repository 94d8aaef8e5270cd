/// What a successful answer looks like.
public enum ResponseExpectation: Sendable, Equatable {
    /// An Issue answer: a WS-Trust RequestSecurityTokenResponse carrying a SAML assertion.
    case issuedToken
    /// Any answer whose body contains these bytes (`HelloResponse` for the sample provider).
    case bodyContains([UInt8])
}

/// What one request came back with.
public enum ResponseOutcome: Sendable, Equatable {
    /// HTTP 200 with the expected answer (for Issue: a WS-Trust RequestSecurityTokenResponse
    /// carrying a SAML assertion, a token was issued).
    case token
    /// HTTP 400 or 500: a SOAP fault (refused, e.g. a replayed or expired request).
    case fault
    /// Any other status, or a 200 without the expected answer (an RSTR without an assertion).
    case unexpected
    /// No response: connection failure or timeout.
    case transportError

    /// Classifies a response by its status and body. The body is searched, not parsed: the
    /// RSTR's local name, then an `Assertion` element start tag (`<Assertion` or `:Assertion`,
    /// whatever the prefix) after it.
    public static func classify(status: Int, body: [UInt8]) -> ResponseOutcome {
        classify(status: status, body: body, expecting: .issuedToken)
    }

    /// Classifies a response by its status and body against `expectation`; the body is
    /// searched, not parsed.
    public static func classify(status: Int, body: [UInt8], expecting expectation: ResponseExpectation) -> ResponseOutcome {
        guard case .bodyContains(let marker) = expectation else { return classifyIssue(status: status, body: body) }
        switch status {
        case 200: return firstIndex(of: marker, in: body, from: 0) == nil ? .unexpected : .token
        case 400, 500: return .fault
        default: return .unexpected
        }
    }

    private static func classifyIssue(status: Int, body: [UInt8]) -> ResponseOutcome {
        switch status {
        case 200:
            guard let rstr = firstIndex(of: rstrMarker, in: body, from: 0) else { return .unexpected }
            let after = rstr + rstrMarker.count
            let assertion = firstIndex(of: prefixedAssertion, in: body, from: after) ?? firstIndex(of: unprefixedAssertion, in: body, from: after)
            return assertion == nil ? .unexpected : .token
        case 400, 500: return .fault
        default: return .unexpected
        }
    }

    /// The local name every RSTR (WS-Trust 1.3 §4.1 and 2005/02) starts with; it also prefixes
    /// RequestSecurityTokenResponseCollection.
    private static let rstrMarker = Array("RequestSecurityTokenResponse".utf8)
    /// `saml2:Assertion` and the like; the namespace URI spells `assertion` in lower case.
    private static let prefixedAssertion = Array(":Assertion".utf8)
    private static let unprefixedAssertion = Array("<Assertion".utf8)

    /// The first index of `needle` in `bytes` at or after `start`: a scan for its first byte,
    /// then a comparison, over contiguous storage.
    private static func firstIndex(of needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first, bytes.count - start >= needle.count else { return nil }
        return bytes.withUnsafeBufferPointer { haystack in
            needle.withUnsafeBufferPointer { needle in
                var index = start
                let last = haystack.count - needle.count
                while index <= last {
                    if haystack[index] == first, memcmpEqual(haystack.baseAddress! + index, needle.baseAddress!, needle.count) {
                        return index
                    }
                    index += 1
                }
                return nil
            }
        }
    }

    private static func memcmpEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        for offset in 0..<count where a[offset] != b[offset] { return false }
        return true
    }
}
