public import XMLCore

extension RequestSecurityTokenResponse {
    /// Writes this response as the final answer to an Issue request into `body` (a SOAP Body),
    /// in the shape its version's clients expect: inside a
    /// `wst:RequestSecurityTokenResponseCollection` for WS-Trust 1.3 (§4.3, the RSTR of the
    /// token-transformation scenario), alone for the February 2005 namespace, whose WCF and ADFS
    /// clients expect one RSTR for one request. Returns the element written into `body`: the
    /// placeholder of the response written as bytes (``writtenFinalIssueResponse()``) when it
    /// can be, whose content the tree does not hold; the tree otherwise.
    @discardableResult
    public func writeFinalIssueResponse(into body: XMLElement) -> XMLElement {
        if let written = writtenFinalIssueResponse() { return body.addVerbatimOrCopy(written) }
        return switch version {
        case .v13: RequestSecurityTokenResponseCollection(responses: [self]).write(into: body, version: version)
        case .v200502: write(into: body)
        }
    }
}
