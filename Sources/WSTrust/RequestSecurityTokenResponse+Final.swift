public import XMLCore

extension RequestSecurityTokenResponse {
    /// Writes this response as the final answer to an Issue request into `body` (a SOAP Body),
    /// in the shape its version's clients expect: inside a
    /// `wst:RequestSecurityTokenResponseCollection` for WS-Trust 1.3 (§4.3, the RSTR of the
    /// token-transformation scenario), alone for the February 2005 namespace, whose WCF and ADFS
    /// clients expect one RSTR for one request. Returns the element written into `body`.
    @discardableResult
    public func writeFinalIssueResponse(into body: XMLElement) -> XMLElement {
        switch version {
        case .v13: RequestSecurityTokenResponseCollection(responses: [self]).write(into: body, version: version)
        case .v200502: write(into: body)
        }
    }
}
