import Foundation
import JWTKit
import SOAP
import Testing
import WSSecurity
import WSTrust
import XMLCore
@testable import STS

/// Validate and Cancel of JWTs the STS issued (WS-Trust 1.3 §7, §10): verified with the STS's
/// public keys only, by its name, by the request's clock and by the token store; exchanged for
/// a SAML token for the JWT's subject.
struct JWTValidationTests {
    static let api = "https://api.tessera.test/orders"
    static let apiAudience = "urn:tessera:api"

    /// The harness with a relying party `api` that receives JWTs carried as `encapsulation`.
    static func harness(_ encapsulation: JWTEncapsulation = .cxfTokenWrapper) -> STSHarness {
        var harness = STSHarness()
        var party = RelyingParty(name: "api", addresses: [.prefix("https://api.tessera.test/")], tokenType: .jwt)
        party.audience = apiAudience
        party.jwtEncapsulation = encapsulation
        harness.configuration.relyingParties.parties.append(party)
        return harness
    }

    /// A JWT issued for jdoe to the gateway: its element (in a document of its own, as the
    /// gateway keeps it), its text and its claims.
    static func issueJWT(_ harness: STSHarness) async throws -> (element: XMLElement, jwt: String, claims: JWTClaimSet) {
        var request = TestRequest(appliesTo: api, tokenType: .jwt)
        request.onBehalfOf = TestTokens.username("jdoe")
        let rstr = try STSHarness.rstr(try await harness.send(try request.envelope(.signed(TestPKI.gateway), at: harness.now)))
        let issued = try #require(rstr.requestedSecurityToken)
        let element = try XMLDocument(parsing: issued.document.serialize(issued)).root
        let jwt = try #require(JWTEncapsulation.jwt(in: element))
        return (element, jwt, try claims(of: jwt))
    }

    static func claims(of jwt: String) throws -> JWTClaimSet {
        let payload = try #require(Data(base64URL: String(jwt.split(separator: ".")[1])))
        return try JSONDecoder().decode(JWTClaimSet.self, from: payload)
    }

    /// `jwt` as the CXF TokenWrapper carries it.
    static func wrapped(_ jwt: String) -> XMLElement {
        JWTEncapsulation.cxfTokenWrapper.element(for: jwt, id: "_jwt")
    }

    static func status(_ response: SOAPEnvelope) throws -> RequestSecurityTokenResponse.Status? {
        try RequestSecurityTokenResponse(element: try #require(response.bodyPayload)).status
    }

    func validate(_ target: XMLElement, in harness: STSHarness, appliesTo: String? = nil, at time: Date? = nil) async throws -> RequestSecurityTokenResponse
        .Status?
    {
        try Self.status(try await harness.send(try harness.request(.validate, target: target, appliesTo: appliesTo, at: time), at: time))
    }

    @Test(arguments: [JWTEncapsulation.cxfTokenWrapper, .binarySecurityToken])
    func aJWTTheSTSIssuedIsValid(encapsulation: JWTEncapsulation) async throws {
        let harness = Self.harness(encapsulation)
        let (element, _, claims) = try await Self.issueJWT(harness)
        #expect(element.localName == (encapsulation == .cxfTokenWrapper ? "TokenWrapper" : "BinarySecurityToken"))
        #expect(claims.subject == "jdoe")
        let response = try await harness.send(try harness.request(.validate, target: element))
        let rstr = try RequestSecurityTokenResponse(element: try #require(response.bodyPayload))
        #expect(rstr.tokenType == TokenType(rawValue: WSTrustVersion.v13.statusTokenType))
        #expect(rstr.status?.valid == true)
        #expect(rstr.status?.reason == "the token is valid")
    }

    @Test func aJWTCancelledByItselfIsInvalidFromThenOn() async throws {
        let harness = Self.harness()
        let (element, _, claims) = try await Self.issueJWT(harness)
        let response = try await harness.send(try harness.request(.cancel, target: element))
        #expect(try RequestSecurityTokenResponse(element: try #require(response.bodyPayload)).requestedTokenCancelled)
        #expect(try await harness.store.record(id: claims.id)?.status == .cancelled)
        let status = try await validate(element, in: harness)
        #expect(status?.valid == false)
        #expect(status?.reason == "the token was cancelled")
    }

    @Test func theClockOfTheRequestJudgesTheValidityWindow() async throws {
        let harness = Self.harness()
        let (element, _, claims) = try await Self.issueJWT(harness)
        let skew = harness.configuration.inbound.clockSkew
        let lastValid = claims.expires.addingTimeInterval(skew - 1)
        #expect(try await validate(element, in: harness, at: lastValid)?.valid == true)
        let expired = try await validate(element, in: harness, at: claims.expires.addingTimeInterval(skew))
        #expect(expired?.valid == false)
        #expect(expired?.reason == "the token has expired")
        let early = try await validate(element, in: harness, at: claims.notBefore.addingTimeInterval(-skew - 1))
        #expect(early?.valid == false)
        #expect(early?.reason == "the token is not yet valid")
    }

    @Test func aChangedPayloadByteIsInvalid() async throws {
        let harness = Self.harness()
        let (_, jwt, _) = try await Self.issueJWT(harness)
        var characters = Array(jwt)
        let index = jwt.split(separator: ".")[0].count + 1 + 10  // inside the payload
        characters[index] = characters[index] == "A" ? "B" : "A"
        let status = try await validate(Self.wrapped(String(characters)), in: harness)
        #expect(status?.valid == false)
        #expect(status?.reason == "the token's signature does not verify")
    }

    @Test func aJWTSignedByAnotherKeyIsInvalid() async throws {
        let harness = Self.harness()
        let (_, _, claims) = try await Self.issueJWT(harness)
        // Another RSA key, and a P-256 key while the STS has no ES256 key at all.
        for key in [try JWTSigningKey(TestPKI.service.privateKey), try JWTSigningKey(TestPKI.ecP256.privateKey)] {
            let status = try await validate(Self.wrapped(try await key.sign(claims)), in: harness)
            #expect(status?.valid == false)
            #expect(status?.reason == "the token's signature does not verify")
        }
    }

    @Test func unsignedAndHMACTokensAreRefusedBeforeAnyKeyIsTried() async throws {
        let harness = Self.harness()
        let (_, jwt, claims) = try await Self.issueJWT(harness)
        let payload = jwt.split(separator: ".")[1]
        let none = Data(#"{"alg":"none","typ":"JWT"}"#.utf8).base64URLEncodedString() + "." + payload + "."
        // The classic confusion: HS256 keyed with the STS's public certificate.
        let hmac = JWTKeyCollection()
        await hmac.add(hmac: HMACKey(from: TestPKI.text("sts.cert.pem")), digestAlgorithm: .sha256)
        let confused = try await hmac.sign(claims)
        for token in [none, confused] {
            let status = try await validate(Self.wrapped(token), in: harness)
            #expect(status?.valid == false)
            #expect(status?.reason == "the token's signature algorithm is not accepted")
        }
    }

    @Test func aCriticalHeaderExtensionIsRefusedEvenWithTheSTSSignature() async throws {
        let harness = Self.harness()
        let (_, _, claims) = try await Self.issueJWT(harness)
        let keys = JWTKeyCollection()
        await keys.add(rsa: try Insecure.RSA.PrivateKey(pem: TestPKI.sts.privateKey.pkcs8PEMRepresentation), digestAlgorithm: .sha256)
        var header = JWTHeader()
        header.crit = ["urn:example:ext"]
        header[dynamicMember: "urn:example:ext"] = .bool(true)
        let status = try await validate(Self.wrapped(try await keys.sign(claims, header: header)), in: harness)
        #expect(status?.valid == false)
        #expect(status?.reason == "the token's header names an extension that is not understood")
        // Without the extension the same key's token is accepted: the refusal is the header's.
        #expect(try await validate(Self.wrapped(try await keys.sign(claims)), in: harness)?.valid == true)
    }

    @Test func aJWTOfAnotherIssuerNameIsInvalidEvenWithTheSTSKey() async throws {
        let harness = Self.harness()
        let (_, _, claims) = try await Self.issueJWT(harness)
        var other = claims
        other.issuer = "https://other-sts.tessera.test"
        let token = try await JWTSigningKey(TestPKI.sts.privateKey).sign(other)
        let status = try await validate(Self.wrapped(token), in: harness)
        #expect(status?.valid == false)
        #expect(status?.reason == "the token was not issued by this STS")
    }

    @Test func aJWTSignedByTheSTSButNotRecordedIsInvalid() async throws {
        let (element, _, _) = try await Self.issueJWT(Self.harness())
        let status = try await validate(element, in: Self.harness())  // same keys, another store
        #expect(status?.valid == false)
        #expect(status?.reason == "the token is not known to this STS")
    }

    @Test func anOversizedTokenIsInvalid() async throws {
        let harness = Self.harness()
        let huge = String(repeating: "a", count: OwnJWTVerifier.maximumLength) + ".b.c"
        let status = try await validate(Self.wrapped(huge), in: harness)
        #expect(status?.valid == false)
        #expect(status?.reason == "the token is too large")
    }

    @Test func anAppliesToAsksAboutTheAudience() async throws {
        let harness = Self.harness()
        let (element, _, claims) = try await Self.issueJWT(harness)
        #expect(claims.audience == [Self.apiAudience])
        // The party's address stands for its configured audience.
        #expect(try await validate(element, in: harness, appliesTo: Self.api)?.valid == true)
        let elsewhere = try await validate(element, in: harness, appliesTo: STSHarness.hello)
        #expect(elsewhere?.valid == false)
        #expect(elsewhere?.reason == "the token is not addressed to this audience")
    }

    /// Token transformation: a valid JWT in, a SAML 2.0 assertion for its subject out.
    @Test func exchangingAJWTIssuesASAMLTokenForItsSubject() async throws {
        let harness = Self.harness()
        let (element, _, _) = try await Self.issueJWT(harness)
        let response = try await harness.send(try harness.request(.validate, target: element, tokenType: .saml20, appliesTo: STSHarness.hello))
        let rstr = try STSHarness.rstr(response)
        #expect(rstr.status?.valid == true)
        #expect(rstr.tokenType == .saml20)
        let validated = try await STSHarness.issuedAssertion(response)
        #expect(validated.facts.issuer == STSHarness.issuerName)
        #expect(validated.facts.subjects.first?.name == "jdoe")
        #expect(try await harness.store.record(id: validated.facts.id)?.relyingParty == "hello")
        #expect(harness.audit.last?.delegatedIdentity == "jdoe")
    }

    @Test func aForgedJWTCannotCancel() async throws {
        let harness = Self.harness()
        let (_, _, claims) = try await Self.issueJWT(harness)
        let forged = try await JWTSigningKey(TestPKI.service.privateKey).sign(claims)
        let fault = try await harness.fault(try harness.request(.cancel, target: Self.wrapped(forged)))
        #expect(fault.subcode == SOAPFault.trust("InvalidSecurityToken"))
        #expect(try await harness.store.record(id: claims.id)?.status == .issued)
    }
}
