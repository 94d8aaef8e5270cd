import Foundation
import JWTKit
import SOAP
import Testing
import TesseraCrypto
import WSSecurity
import WSTrust
import XMLCore
@testable import STS

/// JWTs for relying parties configured with the JWT token type: RS256 with the STS's RSA key,
/// ES256 with an EC key; verified by jwt-kit and by PyJWT; carried as CXF or WIF carry them.
struct JWTIssuanceTests {
    static func party(_ algorithm: JWTSigningAlgorithm = .rs256, encapsulation: JWTEncapsulation = .cxfTokenWrapper) -> RelyingParty {
        var party = RelyingParty(name: "api", addresses: [.prefix("http://testHost/")], tokenType: .jwt)
        party.audience = "urn:tessera:api"
        party.jwtAlgorithm = algorithm
        party.jwtEncapsulation = encapsulation
        party.claims = [.passThrough("mail"), ClaimRule(name: "roles", source: .constant(["reader", "writer"]))]
        return party
    }

    static func issuing(_ party: RelyingParty) throws -> Issuing {
        var issuing = Issuing(party: party)
        issuing.issuer = TokenIssuer(
            issuerName: TestPKI.issuerName, credential: TestPKI.sts,
            jwtKeys: [
                try JWTSigningKey(TestPKI.sts.privateKey, keyID: "sts-rsa"),
                try JWTSigningKey(TestPKI.ecP256.privateKey, keyID: "sts-ec"),
            ])
        return issuing
    }

    static func subject(_ now: Date) -> IssuedSubject {
        IssuedSubject(name: "jdoe", authenticationInstant: now, attributes: [("mail", ["jdoe@example.com"])], actor: "gateway")
    }

    func issue(_ party: RelyingParty) async throws -> (jwt: String, rstr: RequestSecurityTokenResponse, issuance: Issuance, now: Date) {
        let issuing = try Self.issuing(party)
        let (issuance, rstr, _) = try await issuing.issue(Issuing.request(keyType: nil), subject: Self.subject(issuing.now))
        let element = try #require(rstr.requestedSecurityToken)
        let jwt = try #require(JWTEncapsulation.jwt(in: element))
        return (jwt, rstr, issuance, issuing.now)
    }

    @Test func rs256TokenVerifiesWithJWTKitAndCarriesTheClaims() async throws {
        let (jwt, rstr, issuance, now) = try await issue(Self.party())
        #expect(rstr.tokenType == .jwt)
        #expect(rstr.requestedAttachedReference == nil)
        #expect(rstr.requestedSecurityToken?.localName == "TokenWrapper")
        #expect(rstr.requestedSecurityToken?.namespaceURI == nil)

        let keys = JWTKeyCollection()
        await keys.add(rsa: try Insecure.RSA.PublicKey(certificatePEM: TestPKI.text("sts.cert.pem")), digestAlgorithm: .sha256, kid: "sts-rsa")
        let claims = try await keys.verify(jwt, as: JWTClaimSet.self)
        #expect(claims.issuer == TestPKI.issuerName)
        #expect(claims.subject == "jdoe")
        #expect(claims.audience == ["urn:tessera:api"])
        #expect(claims.id == issuance.token.id)
        #expect(claims.actor == "gateway")
        #expect(claims.claims == [.init(name: "mail", values: ["jdoe@example.com"]), .init(name: "roles", values: ["reader", "writer"])])
        #expect(claims.issuedAt == Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down)))
        let lifetime = try #require(rstr.lifetime)
        let expires = try #require(lifetime.expires)
        #expect(claims.expires == Date(timeIntervalSince1970: expires.timeIntervalSince1970.rounded(.down)))
        let header = try JSONSerialization.jsonObject(with: try #require(Data(base64URL: String(jwt.split(separator: ".")[0])))) as? [String: String]
        #expect(header == ["alg": "RS256", "typ": "JWT", "kid": "sts-rsa"])
    }

    @Test func aTamperedTokenFailsJWTKitVerification() async throws {
        let (jwt, _, _, _) = try await issue(Self.party())
        var parts = jwt.split(separator: ".").map(String.init)
        let forged = JWTClaimSet(
            issuer: TestPKI.issuerName, subject: "mallory", audience: ["urn:tessera:api"], issuedAt: Date(),
            notBefore: Date(), expires: Date().addingTimeInterval(600), id: "_forged")
        parts[1] = try JSONEncoder().encode(forged).base64URLEncodedString()
        let keys = JWTKeyCollection()
        await keys.add(rsa: try Insecure.RSA.PublicKey(certificatePEM: TestPKI.text("sts.cert.pem")), digestAlgorithm: .sha256, kid: "sts-rsa")
        await #expect(throws: (any Error).self) { _ = try await keys.verify(parts.joined(separator: "."), as: JWTClaimSet.self) }
    }

    @Test func es256TokenVerifiesWithJWTKit() async throws {
        let (jwt, _, _, _) = try await issue(Self.party(.es256))
        let keys = JWTKeyCollection()
        await keys.add(ecdsa: try ES256PublicKey(certificate: TestPKI.text("ec-p256.cert.pem")), kid: "sts-ec")
        let claims = try await keys.verify(jwt, as: JWTClaimSet.self)
        #expect(claims.subject == "jdoe")
    }

    @Test func binarySecurityTokenEncapsulationAsWIFWritesIt() async throws {
        let (jwt, rstr, issuance, _) = try await issue(Self.party(encapsulation: .binarySecurityToken))
        let token = try #require(rstr.requestedSecurityToken)
        #expect(token.is("BinarySecurityToken", WSSNamespace.secext))
        #expect(token.attribute("ValueType") == "urn:ietf:params:oauth:token-type:jwt")
        #expect(token.attribute("EncodingType") == WSSURI.base64Binary)
        #expect(token.attribute("Id", WSSNamespace.utility) == issuance.token.id)
        #expect(Data(base64Encoded: token.text) == Data(jwt.utf8))
    }

    @Test(
        .enabled(if: Interop.python != nil, "TESSERA_PYTHON is not set (run scripts/test)"),
        arguments: [JWTSigningAlgorithm.rs256, .es256])
    func pyJWTVerifiesTheToken(algorithm: JWTSigningAlgorithm) async throws {
        let (jwt, _, issuance, _) = try await issue(Self.party(algorithm))
        let file = try Interop.temporaryFile(Array(jwt.utf8), suffix: ".jwt")
        defer { try? FileManager.default.removeItem(atPath: file) }
        let certificate = TestPKI.path(algorithm == .rs256 ? "sts.cert.pem" : "ec-p256.cert.pem")
        let result = try await Interop.run("jwt_verify.py", [file, certificate, "urn:tessera:api", TestPKI.issuerName, "--algorithm", algorithm.rawValue])
        #expect(result.status == 0, "\(result.stderr)")
        let output = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: [String: Any]]
        let claims = try #require(output?["claims"])
        #expect(claims["sub"] as? String == "jdoe")
        #expect(claims["jti"] as? String == issuance.token.id)
        #expect(claims["roles"] as? [String] == ["reader", "writer"])
        #expect((claims["act"] as? [String: String])?["sub"] == "gateway")
        #expect(output?["header"]?["alg"] as? String == algorithm.rawValue)

        // The same oracle refuses the token for another audience.
        let wrong = try await Interop.run("jwt_verify.py", [file, certificate, "urn:tessera:other", TestPKI.issuerName, "--algorithm", algorithm.rawValue])
        #expect(wrong.status == 1)
    }

    @Test func aJWTWithAProofKeyIsRefused() async throws {
        var party = Self.party()
        party.acceptedKeyTypes = [.bearer, .symmetricKey]
        let issuing = try Self.issuing(party)
        await #expect(throws: WSTrustError(.invalidRequest, "")) { _ = try await issuing.issue(Issuing.request(keyType: .symmetricKey)) }
    }

    @Test func anAlgorithmWithoutAKeyIsRefused() async throws {
        var issuing = Issuing(party: Self.party(.es256))
        issuing.issuer = TokenIssuer(issuerName: TestPKI.issuerName, credential: TestPKI.sts)  // the STS's RSA key only
        await #expect(throws: WSTrustError(.requestFailed, "")) { _ = try await issuing.issue(Issuing.request(keyType: nil)) }
    }

    @Test func onlyRSA2048AndP256KeysSignJWTs() throws {
        #expect(throws: JWTSigningKeyError.self) { _ = try JWTSigningKey(try PrivateKey(pemRepresentation: TestPKI.text("rsa1024.key.pem"))) }
        #expect(try JWTSigningKey(TestPKI.ecP256.privateKey).algorithm == .es256)
        #expect(try JWTSigningKey(TestPKI.sts.privateKey).algorithm == .rs256)
    }
}

extension Data {
    /// Decodes unpadded Base64url (RFC 4648 §5).
    init?(base64URL text: String) {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        self.init(base64Encoded: base64)
    }

    func base64URLEncodedString() -> String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
