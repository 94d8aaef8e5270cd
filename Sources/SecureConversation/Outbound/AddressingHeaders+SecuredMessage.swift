import SOAP

extension AddressingHeaders {
    /// Writes the headers into a message that is then secured with a context, with the `wsa`
    /// prefix declared once on the Envelope (where it binds no other namespace) rather than on
    /// each block: the receiver parses every declaration, and the headers are each signed in
    /// their exclusive canonical form, which renders the namespace where it is used.
    func write(toSecured envelope: SOAPEnvelope) {
        if envelope.envelope.namespaceURI(forPrefix: "wsa") == nil {
            envelope.envelope.declareNamespace(prefix: "wsa", uri: version.namespace)
        }
        write(to: envelope)
    }
}
