import Foundation
import SAML
import SOAP
import STS
import Testing
import WSTrust
import XMLCore
@testable import TesseraServer

/// The token-service sections of the configuration reach the token service, shown by what it
/// issues; settings that cannot work together are named by field when the service is built.
struct TokenServiceConfigurationMappingTests {
    static let api = "https://api.example/orders"

    func issue(_ configuration: ServerConfiguration, _ request: [UInt8], context: STS.STSRequestContext = .init()) async throws -> RequestSecurityTokenResponse
    {
        let service = SecurityTokenService(configuration: try STSConfiguration(configuration))
        // What the requestor receives: the issued assertion is written into the response as bytes.
        let response = try SOAPEnvelope(parsing: await service.handle(try SOAPEnvelope(parsing: request), context: context).serialize())
        let payload = try #require(response.bodyPayload)
        if payload.localName == "Fault" { Issue.record("refused: \(try SOAPFault(envelope: response).reason)") }
        return try #require(try RequestSecurityTokenResponseCollection(element: payload).responses.first)
    }

    func problems(_ configuration: ServerConfiguration) -> [String] {
        do {
            _ = try STSConfiguration(configuration)
            return []
        } catch {
            return error.issues.map(\.description)
        }
    }

    /// The values of each SAML Attribute of `assertion`, by name.
    func attributes(_ assertion: XMLElement) -> [String: [String]] {
        var found: [String: [String]] = [:]
        for attribute in assertion.descendantsAndSelf where attribute.localName == "Attribute" {
            found[attribute.attribute("Name") ?? ""] = attribute.children.filter { $0.localName == "AttributeValue" }.map(\.trimmedText)
        }
        return found
    }

    func nameID(_ assertion: XMLElement) -> String? {
        assertion.descendantsAndSelf.first { $0.localName == "NameID" }?.trimmedText
    }

    /// A configured user authenticates with her password (over TLS, on the usernamemixed
    /// binding), and her configured attribute is released by a `fromAttribute` claim.
    @Test func configuredUserAuthenticatesAndHerAttributeBecomesAClaim() async throws {
        var configuration = TestPKI.configuration()
        configuration.users = [TestPKI.alice]
        configuration.relyingParties[0].claims = [.init(name: "email", source: .subjectAttribute("mail"))]
        let rstr = try await issue(
            configuration, try TestPKI.usernameRequest(),
            context: .init(transportIsSecure: true, authenticators: [.usernamePassword], signResponse: false))
        let assertion = try #require(rstr.requestedSecurityToken)
        #expect(nameID(assertion) == "alice")
        #expect(attributes(assertion)["email"] == ["alice@corp.example"])
    }

    /// The requestor's realm selects the mapping rule: the delegated subject is renamed and
    /// gains an attribute, which a claim releases next to a constant one.
    @Test func requestorRealmMappingAndClaimsShapeTheAssertion() async throws {
        var configuration = TestPKI.configuration()
        configuration.requestors[0].realm = "corp"
        configuration.identityMapping = [
            .init(realm: "elsewhere", names: [.exact("jdoe", to: "wrong")]),
            .init(realm: "corp", names: [.exact("jdoe", to: "john.doe@partner.example")], addedAttributes: [.init(name: "dept", values: ["sales"])]),
        ]
        configuration.relyingParties[0].claims = [
            .init(name: "tenant", source: .constant(["acme"])), .init(name: "department", source: .subjectAttribute("dept")),
            .init(name: "missing", source: .subjectAttribute("nothing")),
        ]
        let rstr = try await issue(configuration, try TestPKI.signedRequest())
        let assertion = try #require(rstr.requestedSecurityToken)
        #expect(nameID(assertion) == "john.doe@partner.example")
        #expect(attributes(assertion) == ["tenant": ["acme"], "department": ["sales"]])
    }

    /// A relying party configured for JWTs gets an RS256 JWT (the STS key) in CXF's wrapper,
    /// whatever TokenType the request named; an ES256 party gets one signed by the configured EC
    /// key, carried as a BinarySecurityToken.
    @Test func jwtPartiesGetJWTs() async throws {
        var configuration = TestPKI.configuration()
        var api = ServerConfiguration.RelyingPartyEntry(name: "api", appliesTo: [.prefix("https://api.example/")], tokenType: .jwt)
        api.claims = [.init(name: "tenant", source: .constant(["acme"]))]
        var ec = ServerConfiguration.RelyingPartyEntry(name: "ec", appliesTo: [.prefix("https://ec.example/")], tokenType: .jwt)
        ec.jwtAlgorithm = .es256
        ec.jwtEncapsulation = .binarySecurityToken
        configuration.relyingParties += [api, ec]
        configuration.identity.jwtSigningKeys = [.init(key: TestPKI.path("ec-p256.key.pem"), keyID: "ec-1")]

        let rstr = try await issue(configuration, try TestPKI.signedRequest(appliesTo: Self.api))
        #expect(rstr.tokenType == .jwt)
        let wrapper = try #require(rstr.requestedSecurityToken)
        #expect(wrapper.localName == "TokenWrapper")
        let (header, payload) = try Self.decode(wrapper.trimmedText)
        #expect(header["alg"] as? String == "RS256")
        #expect(payload["sub"] as? String == "jdoe")
        #expect(payload["aud"] as? String == Self.api)
        #expect(payload["iss"] as? String == "https://sts.tessera.test")
        #expect(payload["tenant"] as? String == "acme")

        let ecResponse = try await issue(configuration, try TestPKI.signedRequest(appliesTo: "https://ec.example/x"))
        let token = try #require(ecResponse.requestedSecurityToken)
        #expect(token.localName == "BinarySecurityToken")
        let jwt = try #require(JWTEncapsulation.jwt(in: token))
        let (ecHeader, _) = try Self.decode(jwt)
        #expect(ecHeader["alg"] as? String == "ES256")
        #expect(ecHeader["kid"] as? String == "ec-1")
    }

    @Test func everyTokenServiceSettingMaps() throws {
        var configuration = TestPKI.configuration()
        configuration.users = [TestPKI.alice]
        configuration.usersRealm = "directory"
        configuration.samlIssuers = [.init(name: "https://idp.example", certificates: [TestPKI.path("service.cert.pem")], realm: "partner")]
        configuration.renewal = .init(enabled: true, renewableByDefault: true, windowAfterExpirySeconds: 600)
        configuration.proofKeys = .init(minimumKeySize: 192, maximumKeySize: 256, defaultKeySize: 192, entropy: .issuer, minimumRequestorEntropyBytes: 32)
        var party = configuration.relyingParties[0]
        party.keyType = .symmetricKey
        party.acceptedKeyTypes = [.symmetricKey, .bearer]
        party.encryptionCertificate = TestPKI.path("service.cert.pem")
        party.encryptsToken = false
        party.signatureAlgorithm = .rsaSHA512
        party.renewable = false
        configuration.relyingParties = [party]

        let sts = try STSConfiguration(configuration)
        #expect(sts.users?.realm == "directory")
        #expect(sts.users?.user(named: "alice")?.attributes == [IdentityAttribute(name: "mail", values: ["alice@corp.example"])])
        #expect(sts.samlIssuers.map(\.name) == ["https://idp.example"])
        #expect(sts.samlIssuers.first?.certificates == [TestPKI.credential("service").certificate])
        #expect(sts.samlIssuers.first?.realm == "partner")
        #expect(sts.renewal == RenewalPolicy(enabled: true, renewableByDefault: true, renewableByParty: ["hello": false], windowAfterExpiry: 600))
        #expect(
            sts.proofKeys
                == ProofKeyPolicy(
                    minimumKeySize: 192, maximumKeySize: 256, defaultKeySize: 192, entropyMode: .issuer,
                    minimumRequestorEntropyBytes: 32))
        let mapped = try #require(sts.relyingParties.parties.first)
        #expect(mapped.keyType == .symmetricKey)
        #expect(mapped.acceptedKeyTypes == [.symmetricKey, .bearer])
        #expect(mapped.encryptionCertificate == TestPKI.credential("service").certificate)
        #expect(!mapped.encryptsToken)
        #expect(mapped.signatureAlgorithm == .rsaSHA512)
        #expect(!mapped._WEAK_allowSHA1Signature)
    }

    /// A `usernameToken` party gets a UsernameToken with the mapped name and no password; one
    /// configured with claims or a proof key is named by field when the service is built.
    @Test func aUsernameTokenPartyIsIssuedAUsernameTokenAndCheckedByField() async throws {
        var configuration = TestPKI.configuration()
        configuration.users = [TestPKI.alice]
        configuration.relyingParties[0].tokenType = .usernameToken
        let rstr = try await issue(
            configuration, try TestPKI.usernameRequest(),
            context: .init(transportIsSecure: true, authenticators: [.usernamePassword], signResponse: false))
        #expect(rstr.tokenType == .usernameToken)
        let token = try #require(rstr.requestedSecurityToken)
        #expect(token.localName == "UsernameToken")
        #expect(token.children.first?.trimmedText == "alice")
        #expect(token.children.map(\.localName) == ["Username", "Nonce", "Created"])

        var claims = TestPKI.configuration()
        claims.relyingParties[0].tokenType = .usernameToken
        claims.relyingParties[0].claims = [.init(name: "email", source: .subjectAttribute("mail"))]
        var holderOfKey = TestPKI.configuration()
        holderOfKey.relyingParties[0].tokenType = .usernameToken
        holderOfKey.relyingParties[0].acceptedKeyTypes = [.bearer, .publicKey]
        #expect(problems(claims) == ["relyingParties[0].claims: a UsernameToken carries no attributes"])
        #expect(problems(holderOfKey) == ["relyingParties[0].acceptedKeyTypes: a UsernameToken carries no proof key: bearer only"])
    }

    /// ``RelyingParty/validate()`` runs when the service is built; each problem names the party's field.
    @Test func relyingPartySettingsThatCannotWorkAreNamed() {
        var configuration = TestPKI.configuration()
        var symmetric = ServerConfiguration.RelyingPartyEntry(name: "symmetric", appliesTo: [.exact("urn:a")], keyType: .symmetricKey)
        symmetric.acceptedKeyTypes = [.symmetricKey]
        let holder = ServerConfiguration.RelyingPartyEntry(name: "holder", appliesTo: [.exact("urn:b")], confirmation: .holderOfKey)
        var jwt = ServerConfiguration.RelyingPartyEntry(name: "jwt", appliesTo: [.exact("urn:c")], tokenType: .jwt)
        jwt.encryptionCertificate = TestPKI.path("service.cert.pem")
        var es256 = ServerConfiguration.RelyingPartyEntry(name: "es256", appliesTo: [.exact("urn:d")], tokenType: .jwt)
        es256.jwtAlgorithm = .es256
        var reserved = ServerConfiguration.RelyingPartyEntry(name: "reserved", appliesTo: [.exact("urn:e")], tokenType: .jwt)
        reserved.claims = [.init(name: "sub", source: .constant(["someone-else"]))]
        configuration.relyingParties = [symmetric, holder, jwt, es256, reserved]
        #expect(
            problems(configuration) == [
                "relyingParties[0].encryptionCertificate: SymmetricKey tokens need an RSA certificate to encrypt the proof key for",
                "relyingParties[1].confirmation: holder-of-key comes from a SymmetricKey or PublicKey request; configure bearer or sender-vouches",
                "relyingParties[2].encryptsToken: JWTs are not encrypted (no JWE); turn token encryption off",
                "relyingParties[3].jwtAlgorithm: no configured key signs ES256: add one to identity.jwtSigningKeys",
                "relyingParties[4].claims: sub is a registered JWT claim the STS sets itself",
            ])
    }

    @Test func unusableFilesOfTheNewSectionsAreNamed() {
        var configuration = TestPKI.configuration()
        configuration.samlIssuers = [.init(name: "https://idp.example", certificates: [TestPKI.path("missing.cert.pem")])]
        configuration.relyingParties[0].encryptionCertificate = TestPKI.path("service.key.pem")
        configuration.identity.jwtSigningKeys = [.init(key: TestPKI.path("rsa1024.key.pem"))]
        #expect(
            problems(configuration).map { $0.prefix { $0 != ":" } } == [
                "samlIssuers[0].certificates[0]", "relyingParties[0].encryptionCertificate", "identity.jwtSigningKeys[0].key",
            ])
    }

    /// The JOSE header and claims of a compact JWS, without verifying it.
    static func decode(_ jwt: String) throws -> (header: [String: Any], payload: [String: Any]) {
        let parts = jwt.split(separator: ".", omittingEmptySubsequences: false)
        try #require(parts.count == 3)
        func json(_ part: Substring) throws -> [String: Any] {
            var text = part.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
            while text.count % 4 != 0 { text += "=" }
            let data = try #require(Data(base64Encoded: text))
            return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        }
        return (try json(parts[0]), try json(parts[1]))
    }
}
