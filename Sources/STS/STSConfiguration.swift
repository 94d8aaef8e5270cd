import Foundation
import WSSecurity
import X509

/// A requestor the STS trusts (the seed's gateway), identified by its signing certificate, and
/// whether it may ask for tokens on behalf of others (OnBehalfOf / ActAs).
public struct TrustedRequestor: Sendable {
    public var name: String
    public var certificate: Certificate
    /// May assert other identities (the seed's Listing 1 UsernameToken without password).
    public var mayDelegate: Bool

    public init(name: String, certificate: Certificate, mayDelegate: Bool) {
        self.name = name
        self.certificate = certificate
        self.mayDelegate = mayDelegate
    }
}

/// Everything the token service needs, validated by its owner at start.
public struct STSConfiguration: Sendable {
    /// The STS's name, the Issuer of its tokens.
    public var issuerName: String
    /// Signs issued tokens and, when ``signResponses`` is on, response messages.
    public var signingCredential: X509Credential
    public var relyingParties: RelyingPartyRegistry
    public var lifetimes = LifetimePolicy()
    /// How request messages are processed (trust anchors, clock, replay cache...).
    public var inbound: InboundSecurityConfiguration
    public var requestors: [TrustedRequestor]
    /// NameQualifier written into issued NameIDs (the seed's assertion says "STS").
    public var nameQualifier: String?
    public var signResponses = true

    public init(issuerName: String, signingCredential: X509Credential, relyingParties: RelyingPartyRegistry,
                inbound: InboundSecurityConfiguration, requestors: [TrustedRequestor]) {
        self.issuerName = issuerName
        self.signingCredential = signingCredential
        self.relyingParties = relyingParties
        self.inbound = inbound
        self.requestors = requestors
    }
}
