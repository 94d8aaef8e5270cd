import SOAP

extension WSAddressingVersion {
    /// Every WS-Addressing namespace, built once: each secured message picks its addressing
    /// headers by it, as signer and as verifier.
    static let namespaces = Set(allCases.map(\.namespace))
}
