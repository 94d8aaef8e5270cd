/// What an issuer's token records say of an assertion it issued: a valid signature does not
/// make an assertion usable once its issuer cancelled it or replaced it by renewal (WS-Trust 1.3
/// §8 Renew, §10 Cancel).
public enum SAMLAssertionStatus: Sendable, Hashable {
    /// Issued and neither cancelled nor renewed.
    case current
    case cancelled
    /// Replaced by a renewed assertion.
    case renewed
    /// Not in the issuer's records (purged, or never issued by this deployment).
    case unknown
}

/// Answers, for one issuer, the status of the assertions it issued, such as the token store of
/// Tessera's own STS. Consulted by ``SAMLBootstrap`` only for assertions of the issuer it is
/// configured on, after their signature and conditions are verified; anything but
/// ``SAMLAssertionStatus/current`` is refused, and so is an error (fail closed).
public protocol SAMLAssertionStatusSource: Sendable {
    /// The status of the assertion with `id` (its `ID` / `AssertionID`).
    func status(ofAssertion id: String) async throws -> SAMLAssertionStatus
}
