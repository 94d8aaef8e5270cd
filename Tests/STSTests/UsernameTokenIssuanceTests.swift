import Foundation
import SecurityCore
import SOAP
import Testing
import WSSecurity
import WSTrust
import X509
import XMLCore
@testable import STS

/// The UsernameToken identity assertion for a relying party configured with the UsernameToken
/// type: the mapped name, no password, Nonce, Created and wsu:Id (Username Token Profile 1.1
/// §3.1), referenced from the RSTR by wsu:Id, inside the Body the STS signs; Validate by the
/// token store's record, Renew refused, Cancel by wsu:Id and username.
struct UsernameTokenIssuanceTests {
    static let legacy = "http://testHost/LegacyService"
    static let mapped = "jdoe@partner.example"

    let harness: STSHarness = {
        var harness = STSHarness()
        var party = RelyingParty(name: "legacy", addresses: [.exact(UsernameTokenIssuanceTests.legacy)], tokenType: .usernameToken)
        party.lifetime = 300
        harness.configuration.relyingParties.parties.append(party)
        harness.configuration.identityMapping = IdentityMapping(rules: [.init(realm: "consumers", names: [.exact("jdoe", to: mapped)])])
        return harness
    }()

    /// The gateway asks, on behalf of jdoe, for a token for the legacy service.
    func issueRequest(
        version: WSTrustVersion = .v13, tokenType: TokenType? = .usernameToken, appliesTo: String? = legacy,
        edit: ((XMLElement) -> Void)? = nil
    ) throws -> SOAPEnvelope {
        var request = TestRequest(version: version, appliesTo: appliesTo, tokenType: tokenType)
        request.onBehalfOf = TestTokens.username("jdoe")
        request.edit = edit
        return try request.envelope(.signed(TestPKI.gateway), at: harness.now)
    }

    /// The issued token as the gateway keeps it, in a document of its own, and its wsu:Id.
    func issue() async throws -> (token: XMLElement, id: String) {
        let rstr = try STSHarness.rstr(try await harness.send(try issueRequest()))
        let issued = try #require(rstr.requestedSecurityToken)
        let id = try #require(issued.attribute("Id", WSSNamespace.utility))
        return (try XMLDocument(parsing: issued.document.serialize(issued)).root, id)
    }

    @Test(arguments: [WSTrustVersion.v13, .v200502])
    func theTokenNamesTheMappedSubjectWithoutPasswordWithNonceCreatedAndId(_ version: WSTrustVersion) async throws {
        let response = try await harness.send(try issueRequest(version: version))
        #expect(try AddressingHeaders(reading: response)?.action == version.responseAction(.issue))
        let rstr = try STSHarness.rstr(response)
        #expect(rstr.version == version)
        #expect(rstr.tokenType == .usernameToken)
        let element = try #require(rstr.requestedSecurityToken)
        #expect(element.is("UsernameToken", WSSNamespace.secext))
        let token = try UsernameToken(element: element)
        #expect(token.username == Self.mapped)
        #expect(token.password == nil)
        #expect(element.firstChild("Password", WSSNamespace.secext) == nil)
        #expect(token.nonce?.count == UsernameTokenIssuer.nonceBytes)
        #expect(element.firstChild("Nonce", WSSNamespace.secext)?.attribute("EncodingType") == WSSURI.base64Binary)
        #expect(token.created == harness.now)
        let id = try #require(element.attribute("Id", WSSNamespace.utility))

        // Lifetime: the party's 300 s from now; the token store has the token under its wsu:Id.
        #expect(rstr.lifetime?.created == harness.now)
        #expect(rstr.lifetime?.expires == harness.now.addingTimeInterval(300))
        let record = try #require(try await harness.store.record(id: id))
        #expect(record.tokenType == TokenType.usernameToken.rawValue)
        #expect(record.subject == Self.mapped)
        #expect(record.relyingParty == "legacy")
        #expect(!record.renewable)

        // WS-Trust 1.3 §4.3.1 references, by wsu:Id with the UsernameToken ValueType.
        for (reference, uri) in [(rstr.requestedAttachedReference, "#" + id), (rstr.requestedUnattachedReference, id)] {
            let str = try SecurityTokenReference(element: try #require(reference))
            guard case .reference(let found, let valueType) = str.form else {
                Issue.record("expected a wsse:Reference, got \(str.form)")
                continue
            }
            #expect(found == uri)
            #expect(valueType == WSSURI.usernameToken)
        }
        #expect(harness.audit.last?.tokenType == .usernameToken)
    }

    @Test func theNoncesOfTwoIssuedTokensDiffer() async throws {
        let first = try UsernameToken(element: try await issue().token)
        let second = try UsernameToken(element: try await issue().token)
        #expect(first.nonce != second.nonce)
    }

    /// The token travels inside the Body, and the STS's response signature references the Body:
    /// the token is covered by it, and a changed username breaks the signature.
    @Test func theSTSSignatureOverTheBodyCoversTheToken() async throws {
        let response = try await harness.send(try issueRequest())
        var inbound = InboundSecurityConfiguration(trustStore: X509TrustStore(anchors: [], pinned: [TestPKI.sts.certificate]))
        inbound.replayCache = InMemoryReplayCache()
        var policy = SecurityPolicy()
        policy.signedParts = [.body, .timestamp, .addressingHeaders]
        let security = try await WSSecurityEngine(configuration: inbound, policy: policy).process(response)
        let token = try #require(try STSHarness.rstr(response).requestedSecurityToken)
        let signers = security.signingKeys(covering: token)
        #expect(signers.count == 1)
        guard case .x509(let certificate, _)? = signers.first else {
            Issue.record("the token is not covered by an X.509 signature")
            return
        }
        #expect(certificate == TestPKI.sts.certificate)

        let bytes = String(decoding: response.serialize(), as: UTF8.self)
        let tampered = bytes.replacingOccurrences(of: ">\(Self.mapped)<", with: ">root<")
        #expect(tampered != bytes)
        inbound.replayCache = InMemoryReplayCache()
        await #expect(throws: WSSecurityError.self) {
            _ = try await WSSecurityEngine(configuration: inbound, policy: policy).process(try SOAPEnvelope(parsing: Array(tampered.utf8)))
        }
    }

    /// A UsernameToken is issued only when a relying party is configured for it: alone, the
    /// requested type is not honoured (`wst:BadRequest`); a SAML party's type wins over it.
    @Test func withoutARelyingPartyForItTheTypeIsNotIssued() async throws {
        let alone = try await harness.fault(try issueRequest(appliesTo: nil))
        #expect(alone.subcode == SOAPFault.trust("BadRequest"))

        let rstr = try STSHarness.rstr(try await harness.send(try issueRequest(appliesTo: STSHarness.hello)))
        #expect(rstr.tokenType == .saml20)
        #expect(rstr.requestedSecurityToken?.localName == "Assertion")
    }

    @Test func aProofKeyIsRefusedForAUsernameToken() async throws {
        let fault = try await harness.fault(
            try issueRequest { rst in
                rst.addChild("KeyType", WSTrustVersion.v13.namespace, prefix: "wst").setText(KeyType.symmetricKey.uri(.v13))
            })
        #expect(fault.subcode == SOAPFault.trust("InvalidRequest"))
    }

    @Test func aUsernameTokenPartyIsBearerOnlyWithoutClaimsOrEncryption() throws {
        var party = RelyingParty(name: "legacy", addresses: [.exact(Self.legacy)], tokenType: .usernameToken)
        try party.validate()
        var holderOfKey = party
        holderOfKey.acceptedKeyTypes = [.bearer, .symmetricKey]
        holderOfKey.encryptionCertificate = TestPKI.service.certificate
        holderOfKey.encryptsToken = false
        #expect(throws: RelyingPartyConfigurationError.self) { try holderOfKey.validate() }
        party.claims = [.passThrough("role")]
        #expect(throws: RelyingPartyConfigurationError.self) { try party.validate() }
    }

    // MARK: Validate, Renew, Cancel

    @Test func validateFindsTheIssuedTokenByValueAndByEitherReference() async throws {
        let (token, id) = try await issue()
        let rstr = try STSHarness.rstr(try await harness.send(try issueRequest()))
        let references = [try #require(rstr.requestedAttachedReference), try #require(rstr.requestedUnattachedReference)]
        let referenced = try #require(rstr.requestedSecurityToken?.attribute("Id", WSSNamespace.utility))
        #expect(referenced != id)
        for target in [token] + references {
            let answer = try STSHarness.rstr(try await harness.send(try harness.request(.validate, target: target)))
            #expect(answer.status?.valid == true, "\(answer.status?.reason ?? "-")")
        }
    }

    /// The token is not signed: the same wsu:Id with another username is not the issued token.
    @Test func aTokenWithAnotherUsernameUnderTheIssuedIdIsInvalid() async throws {
        let (_, id) = try await issue()
        let forged = UsernameToken(username: "root", password: nil, nonce: [1, 2, 3], created: harness.now)
            .write(into: XMLDocument(rootLocalName: "Holder", namespace: nil).root, id: id)
        let answer = try STSHarness.rstr(try await harness.send(try harness.request(.validate, target: forged)))
        #expect(answer.status?.valid == false)
        let cancel = try await harness.fault(try harness.request(.cancel, target: forged))
        #expect(cancel.subcode == SOAPFault.trust("RequestFailed"))
    }

    /// Only the requestor that obtained the token (or an auditor) learns its status.
    @Test func anotherRequestorLearnsNothingAboutTheToken() async throws {
        let (token, _) = try await issue()
        let alice = UsernameToken(username: "alice", password: .text(TestUsers.alicePassword))
        let context = STSRequestContext(transportIsSecure: true)
        let answer = try STSHarness.rstr(try await harness.send(try harness.request(.validate, target: token, security: .username(alice)), context: context))
        #expect(answer.status?.valid == false)
        #expect(answer.status?.reason == "the token is not known to this STS")
    }

    /// Validate of an unsigned identity assertion gives its status; it is not exchanged for a
    /// token of another type (that would turn a name anyone can write into a signed assertion).
    @Test func aUsernameTokenIsNotExchangedByValidate() async throws {
        let (token, _) = try await issue()
        let fault = try await harness.fault(try harness.request(.validate, target: token, tokenType: .saml20, appliesTo: STSHarness.hello))
        #expect(fault.subcode == SOAPFault.trust("InvalidRequest"))
    }

    @Test(arguments: [WSTrustVersion.v13, .v200502])
    func renewIsRefusedWithUnableToRenew(_ version: WSTrustVersion) async throws {
        let (token, _) = try await issue()
        let fault = try await harness.fault(try harness.request(.renew, target: token, version: version))
        #expect(fault.subcode == QName(version.namespace, "UnableToRenew"))
    }

    @Test func cancelEndsTheTokenAndValidateThenSaysSo() async throws {
        let (token, id) = try await issue()
        let cancelled = try STSHarness.rstr(try await harness.send(try harness.request(.cancel, target: token)))
        #expect(cancelled.requestedTokenCancelled)
        #expect(try await harness.store.record(id: id)?.status == .cancelled)
        let answer = try STSHarness.rstr(try await harness.send(try harness.request(.validate, target: token)))
        #expect(answer.status?.valid == false)
        #expect(answer.status?.reason == "the token was cancelled")
    }

    @Test func afterItsLifetimeTheTokenIsInvalid() async throws {
        let (token, _) = try await issue()
        let later = harness.now.addingTimeInterval(300 + harness.configuration.inbound.clockSkew + 1)
        let answer = try STSHarness.rstr(try await harness.send(try harness.request(.validate, target: token, at: later), at: later))
        #expect(answer.status?.valid == false)
        #expect(answer.status?.reason == "the token has expired")
    }
}
