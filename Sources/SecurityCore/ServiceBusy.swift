/// The service cannot take this request now (a bounded resource is full: the password-check
/// queue, the replay cache); the sender may retry later. Not an authentication failure, so a
/// client does not mistake a busy service for a wrong password.
///
/// It travels as a SOAP `Receiver` (1.1 `Server`) fault with a fixed reason (SOAP 1.2 Part 1
/// §5.4.6: the failure is not attributable to the message; `ServiceBusy.fault` in WSSecurity),
/// and over HTTP with status 503.
public struct ServiceBusy: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is full, for logs and metrics; never sent to the peer.
    public let resource: String

    public init(resource: String) {
        self.resource = resource
    }

    public var description: String { "service busy: \(resource)" }
}
