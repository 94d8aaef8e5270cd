import Foundation
import SecurityCore
import SOAP
import Testing
import WSSecurity
import WSTrust
import XMLCore
@testable import STS

/// Per relying party: who may obtain its tokens, and for which subjects.
struct IssuanceAuthorizationTests {
    func harness(_ rule: IssuanceAuthorization) -> STSHarness {
        var harness = STSHarness()
        var hello = RelyingParty(name: "hello", addresses: [.exact(STSHarness.hello)])
        hello.authorization = rule
        harness.configuration.relyingParties = RelyingPartyRegistry(parties: [hello])
        harness.configuration.requestors.append(TrustedRequestor(name: "other-gateway", certificate: TestPKI.chained.certificate, mayDelegate: true))
        harness.configuration.inbound.trustStore = X509TrustStore(anchors: [TestPKI.ca], known: [TestPKI.intermediate])
        return harness
    }

    func request(for user: String, signer: X509Credential = TestPKI.gateway, at now: Date) throws -> SOAPEnvelope {
        var request = TestRequest()
        request.onBehalfOf = TestTokens.username(user)
        return try request.envelope(.signed(signer), at: now)
    }

    @Test func onlyNamedRequestorsObtainThePartysTokens() async throws {
        let harness = harness(IssuanceAuthorization(requestors: ["gateway"]))
        let allowed = try await harness.send(try request(for: "jdoe", at: harness.now))
        #expect(try await STSHarness.issuedAssertion(allowed).facts.subjects.first?.name == "jdoe")
        let refused = try await harness.fault(try request(for: "jdoe", signer: TestPKI.chained, at: harness.now))
        #expect(refused.subcode == SOAPFault.trust("FailedAuthentication"))
        #expect(refused.reason == "the requestor may not obtain tokens for this relying party")
        // The refusal is audited like any other.
        guard case .refused(let fault, _)? = harness.audit.last?.outcome else { Issue.record("no refusal audited"); return }
        #expect(fault.localName == "FailedAuthentication")
        #expect(harness.audit.last?.requestor == "x509:other-gateway")
    }

    @Test func subjectsAreRestrictedByRealmAndAttribute() async throws {
        // alice (realm corp, role reader) may; jdoe asserted by the gateway (realm consumers) may not.
        let harness = harness(IssuanceAuthorization(subjects: [.init(realm: "corp", attribute: "role", values: ["reader"])]))
        let tls = STSRequestContext(transportIsSecure: true)
        var aliceRequest = TestRequest()
        aliceRequest.onBehalfOf = TestTokens.username("alice", password: .text(TestUsers.alicePassword))
        let alice = try await harness.send(try aliceRequest.envelope(.signed(TestPKI.gateway), at: harness.now), context: tls)
        #expect(try await STSHarness.issuedAssertion(alice).facts.subjects.first?.name == "alice")
        let jdoe = try await harness.fault(try request(for: "jdoe", at: harness.now))
        #expect(jdoe.subcode == SOAPFault.trust("InvalidRequest"))
        #expect(jdoe.reason == "tokens for this relying party cannot be issued for this subject")
    }
}

/// The relying party's lifetime is a ceiling on what a request may ask for.
struct RelyingPartyLifetimeCeilingTests {
    @Test func aLongerRequestIsShortenedToThePartysLifetime() throws {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let policy = LifetimePolicy(defaultLifetime: 600, maximumLifetime: 8 * 3600, clockSkew: 300)
        let asked = Lifetime(created: now, expires: now.addingTimeInterval(4 * 3600))
        let issued = try policy.lifetime(requested: asked, partyLifetime: 900, now: now)
        #expect(issued.created == now)
        #expect(issued.expires == now.addingTimeInterval(900))
        // Within the party's lifetime the request is honoured as it is.
        let shorter = Lifetime(created: now, expires: now.addingTimeInterval(300))
        #expect(try policy.lifetime(requested: shorter, partyLifetime: 900, now: now).expires == now.addingTimeInterval(300))
    }
}

/// A prefix pattern covers addresses under it by URL component, not by text.
struct AppliesToPrefixTests {
    let pattern = RelyingParty.AddressPattern.prefix("https://rp.example.com/services")

    @Test(arguments: ["https://rp.example.com/services", "https://rp.example.com/services/hello", "HTTPS://RP.example.com:443/services/a/b"])
    func addressesUnderThePrefixMatch(_ address: String) {
        #expect(pattern.matches(address))
    }

    @Test(arguments: [
        "https://rp.example.com.evil.net/services/hello", "https://rp.example.com/services-old", "http://rp.example.com/services",
        "https://rp.example.com:8443/services", "https://attacker@rp.example.com/services", "https://rp.example.com/other",
    ])
    func lookalikesDoNotMatch(_ address: String) {
        #expect(!pattern.matches(address))
    }

    @Test func aHostPrefixCoversItsPathsOnly() {
        let host = RelyingParty.AddressPattern.prefix("https://rp.example.com")
        #expect(host.matches("https://rp.example.com/anything"))
        #expect(!host.matches("https://rp.example.com.evil.net/"))
        let urn = RelyingParty.AddressPattern.prefix("urn:tessera:services:")
        #expect(urn.matches("urn:tessera:services:hello"))
    }
}

/// A token's status by identifier is for the requestor that obtained it (or an auditor).
struct TokenStatusPrivacyTests {
    @Test func anotherRequestorLearnsNothingOfAToken() async throws {
        var harness = STSHarness()
        harness.configuration.requestors.append(TrustedRequestor(name: "other-gateway", certificate: TestPKI.chained.certificate, mayDelegate: true))
        harness.configuration.inbound.trustStore = X509TrustStore(anchors: [TestPKI.ca], known: [TestPKI.intermediate])
        let (_, id) = try await harness.issueForJdoe()
        func valid(_ signer: X509Credential, _ harness: STSHarness) async throws -> Bool? {
            let response = try await harness.send(try harness.request(.validate, target: TestTokens.reference(to: id), security: .signed(signer)))
            return try STSHarness.rstr(response).status?.valid
        }
        #expect(try await valid(TestPKI.gateway, harness) == true)
        #expect(try await valid(TestPKI.chained, harness) == false)
        harness.configuration.statusAuditors = ["x509:other-gateway"]
        #expect(try await valid(TestPKI.chained, harness) == true)
    }
}

/// One requestor per request: a party in the middle that adds its own Body signature to the
/// gateway's holder-of-key request would otherwise have the proof key encrypted for it.
struct SecondBodySignatureTests {
    @Test func aSecondBodySignatureByAnotherKeyIsRefused() async throws {
        let harness = STSHarness()
        var request = TestRequest()
        request.onBehalfOf = TestTokens.username("jdoe")
        let envelope = try request.envelope(.signed(TestPKI.gateway), at: harness.now)
        var intruder = SecurityHeaderBuilder()
        intruder.clock = .fixed(harness.now)
        intruder.timestampLifetime = nil
        var options = SecurityHeaderBuilder.SignatureOptions(credential: TestPKI.chained)
        options.parts = [.body]
        intruder.signature = options
        try intruder.secure(envelope)
        let fault = try await harness.fault(try SOAPEnvelope(parsing: envelope.serialize()))
        #expect(fault.subcode == WSSFaultCode.invalidSecurity.name)
        #expect(fault.reason == "the Body is signed with more than one key")
        guard case .refused? = harness.audit.last?.outcome else { Issue.record("not audited as refused"); return }
    }
}
