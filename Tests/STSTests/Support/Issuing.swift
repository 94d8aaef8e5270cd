import Foundation
import SOAP
import Testing
import TesseraCrypto
import WSSecurity
import WSTrust
import XMLCore
@testable import STS

/// Drives ``TokenIssuer`` the way the service will: an RST, a relying party, what was verified
/// about the requestor; the response is written into a SOAP body, serialized and parsed back, as
/// a client would receive it.
struct Issuing {
    var party: RelyingParty
    var issuer = TokenIssuer(issuerName: TestPKI.issuerName, credential: TestPKI.sts)
    var now = Date()

    init(party: RelyingParty) {
        self.party = party
    }

    /// A relying party at the HelloService address of the token-transformation scenario with
    /// `keyTypes` accepted, `service` as its certificate.
    static func party(keyTypes: Set<KeyType> = [.bearer], tokenType: TokenType = .saml20, encryptsToken: Bool = false) -> RelyingParty {
        var party = RelyingParty(
            name: "hello", addresses: [.exact(TestPKI.hello)], tokenType: tokenType,
            keyType: keyTypes.contains(.bearer) ? .bearer : keyTypes.first!, acceptedKeyTypes: keyTypes)
        party.encryptionCertificate = TestPKI.service.certificate
        party.encryptsToken = encryptsToken
        return party
    }

    static func request(
        version: WSTrustVersion = .v13, keyType: KeyType?, keySize: Int? = nil, entropy: Entropy? = nil,
        useKey: XMLElement? = nil
    ) -> RequestSecurityToken {
        var rst = RequestSecurityToken(version: version, requestType: .issue)
        rst.appliesTo = AppliesTo(address: TestPKI.hello)
        rst.keyType = keyType
        rst.keySize = keySize
        rst.entropy = entropy
        rst.useKey = useKey
        return rst
    }

    /// Facts of a request signed by the gateway's certificate.
    static func gatewaySigned(confidential: Bool, encryptionCertificate: Bool = true) -> RequestorKeyFacts {
        RequestorKeyFacts(
            provenKeys: [.init(publicKey: TestPKI.gateway.privateKey.publicKey, certificate: TestPKI.gateway.certificate)],
            encryptionCertificate: encryptionCertificate ? TestPKI.gateway.certificate : nil,
            confidentialChannel: confidential)
    }

    /// Issues for `rst` and returns the issuance and the RSTR as parsed from the serialized
    /// response.
    func issue(
        _ rst: RequestSecurityToken, requestor: RequestorKeyFacts = Issuing.gatewaySigned(confidential: true),
        subject: IssuedSubject? = nil
    ) async throws -> (issuance: Issuance, rstr: RequestSecurityTokenResponse, envelope: SOAPEnvelope) {
        let decision = try IssuanceDecision(request: rst, registry: RelyingPartyRegistry(parties: [party]))
        let lifetime = try LifetimePolicy().lifetime(requested: rst.lifetime, partyLifetime: 600, now: now)
        let subject = subject ?? IssuedSubject(name: "jdoe", nameQualifier: "STS", authentication: .x509, authenticationInstant: now)
        let issuance = try await issuer.issue(for: rst, subject: subject, decision: decision, lifetime: lifetime, requestor: requestor, now: now)
        let envelope = SOAPEnvelope(version: .v12)
        issuance.response.writeFinalIssueResponse(into: envelope.body)
        let parsed = try SOAPEnvelope(parsing: envelope.serialize())
        let payload = try #require(parsed.bodyPayload)
        let rstr =
            rst.version == .v13
            ? try #require(try RequestSecurityTokenResponseCollection(element: payload).responses.first)
            : try RequestSecurityTokenResponse(element: payload)
        return (issuance, rstr, parsed)
    }
}
