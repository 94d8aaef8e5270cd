public import SOAP
public import SecurityCore

extension ServiceBusy {
    /// The fault sent for every busy refusal.
    public static let fault = SOAPFault(code: .receiver, reason: "The service is busy; retry later")
}
