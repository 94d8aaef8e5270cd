/// Carries one serialized SOAP request to a service and returns its serialized response.
/// Clients (WS-Trust, secure conversation) are written against this; the HTTP implementation
/// lives in TesseraClient, and tests can answer in process.
public protocol SOAPTransport: Sendable {
    /// Sends `request` (an envelope of `version`) with `action` as the SOAP 1.1 `SOAPAction`
    /// header or the SOAP 1.2 `action` media-type parameter, and returns the response bytes,
    /// fault envelopes included. Throws only when no SOAP response arrived.
    func exchange(_ request: [UInt8], version: SOAPVersion, action: String?) async throws -> [UInt8]
}
