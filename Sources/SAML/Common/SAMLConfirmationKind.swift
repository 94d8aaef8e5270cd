/// The subject confirmation methods both SAML versions define, without their version's URI
/// (SAML 2.0 profiles §3, SAML 1.1 core §7.1; WSS SAML Token Profile 1.1 §3.5). Policies are
/// written against these so one policy serves SAML 1.1 and 2.0 tokens.
public enum SAMLConfirmationKind: Hashable, Sendable, CaseIterable {
    /// Whoever presents the assertion is its subject.
    case bearer
    /// The presenter (the attesting entity, typically signing the message) vouches for the subject.
    case senderVouches
    /// The presenter must prove possession of the key the assertion names.
    case holderOfKey
}
