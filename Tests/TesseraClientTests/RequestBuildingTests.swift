import Crypto
import Foundation
import SAML
import SecurityCore
import SOAP
import Testing
import TesseraClient
import TesseraCrypto
import WSSecurity
import WSTrust
import X509
import XMLCore
import XMLSecurity

/// What STSClient puts on the wire, read back with the WSTrust codec and the WSSecurity engine
/// (the same code the STS reads requests with): every RST field, both WS-Trust versions, both
/// SOAP versions, the addressing headers and the message security.
struct RequestBuildingTests {
    static let endpoint = "https://sts.tessera.test/sts"
    static let combinations: [(WSTrustVersion, SOAPVersion)] = [(.v13, .v12), (.v13, .v11), (.v200502, .v12), (.v200502, .v11)]

    static func client(
        _ version: WSTrustVersion = .v13, soap: SOAPVersion = .v12,
        security: MessageSecurity? = nil
    ) throws -> STSClient {
        var configuration = STSClientConfiguration(endpoint: endpoint, security: try security ?? .x509Signature(TestPKI.credential("gateway")))
        configuration.trustVersion = version
        configuration.soapVersion = soap
        return STSClient(transport: InProcessTransport { _, _, _ in [] }, configuration: configuration)
    }

    /// The request as the STS receives it: serialized, then parsed.
    static func received(_ prepared: PreparedRequest) throws -> (SOAPEnvelope, RequestSecurityToken) {
        let envelope = try SOAPEnvelope(parsing: prepared.serialize())
        return (envelope, try RequestSecurityToken(element: try #require(envelope.bodyPayload)))
    }

    static func fullIssue() throws -> TokenRequest {
        var request = TokenRequest(.issue)
        request.appliesTo = "http://testHost/HelloService"
        request.tokenType = .saml20
        request.keyType = .symmetricKey(keySize: 192, clientEntropy: true)
        request.onBehalfOf = .identity(username: "jdoe")
        request.actAs = .certificate(try TestPKI.certificate("service"))
        request.claims = RequestedClaims([
            .init("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name"),
            .init("urn:example:role", optional: true),
        ])
        request.lifetime = Lifetime(created: Date(timeIntervalSince1970: 1_800_000_000.125), expires: Date(timeIntervalSince1970: 1_800_000_600.125))
        request.renewing = Renewing(allow: true, renewAfterExpiry: true)
        request.context = "ctx-42"
        return request
    }

    @Test(arguments: combinations.indices)
    func everyIssueFieldReadsBack(_ index: Int) throws {
        let (version, soap) = Self.combinations[index]
        let prepared = try Self.client(version, soap: soap).prepare(try Self.fullIssue())
        let (envelope, rst) = try Self.received(prepared)

        #expect(envelope.version == soap)
        #expect(rst.version == version)
        #expect(rst.requestType == .issue)
        #expect(rst.context == "ctx-42")
        #expect(rst.appliesTo?.address == "http://testHost/HelloService")
        #expect(rst.tokenType == .saml20)
        #expect(rst.keyType == .symmetricKey)
        #expect(rst.keySize == 192)
        #expect(rst.computedKeyAlgorithm == "\(version.namespace)/CK/PSHA1")
        guard case .binarySecret(let entropy)? = rst.entropy else { Issue.record("no BinarySecret entropy"); return }
        #expect(entropy.value.count == 24)
        #expect(entropy.type == "\(version.namespace)/Nonce")
        #expect(rst.lifetime?.created == Date(timeIntervalSince1970: 1_800_000_000.125))
        #expect(rst.lifetime?.expires == Date(timeIntervalSince1970: 1_800_000_600.125))
        #expect(rst.renewing?.allow == true && rst.renewing?.ok == true)

        let onBehalfOf = try UsernameToken(element: try #require(rst.onBehalfOf))
        #expect(onBehalfOf.username == "jdoe")
        #expect(onBehalfOf.password == nil, "an identity assertion carries no password")
        let actAs = try BinarySecurityToken(element: try #require(rst.actAs))
        #expect(actAs.leaf == (try TestPKI.certificate("service")))
        #expect(rst.actAs?.parent?.name == QName(WSTrustVersion.v14Namespace, "ActAs"))

        let claims = try #require(rst.claims)
        #expect(claims.name == QName(version.namespace, "Claims"))
        #expect(claims.attribute("Dialect") == RequestedClaims.identityDialect)
        let claimTypes = claims.children("ClaimType", RequestedClaims.identityDialect)
        #expect(claimTypes.map { $0.attribute("Uri") } == ["http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name", "urn:example:role"])
        #expect(claimTypes.map { $0.attribute("Optional") } == [nil, "true"])
    }

    @Test(arguments: combinations.indices)
    func addressingHeadersNameTheActionAndTheEndpoint(_ index: Int) throws {
        let (version, soap) = Self.combinations[index]
        let prepared = try Self.client(version, soap: soap).prepare(TokenRequest(.issue))
        let (envelope, _) = try Self.received(prepared)
        let addressing = try #require(try AddressingHeaders(reading: envelope))
        #expect(addressing.version == .v10)
        #expect(addressing.action == "\(version.namespace)/RST/Issue")
        #expect(prepared.action == addressing.action)
        #expect(addressing.to == Self.endpoint)
        #expect(addressing.messageID == prepared.messageID)
        #expect(prepared.messageID.hasPrefix("urn:uuid:"))
        #expect(addressing.replyTo?.address == "http://www.w3.org/2005/08/addressing/anonymous")
    }

    /// Listing 2's security: a BinarySecurityToken and an RSA-SHA256 signature over Timestamp,
    /// Body and every addressing header, verified by the inbound engine against the test CA.
    @Test(arguments: [SOAPVersion.v11, .v12])
    func x509SignatureCoversTimestampBodyAndAddressing(_ soap: SOAPVersion) async throws {
        let prepared = try Self.client(soap: soap).prepare(try Self.fullIssue())
        let (envelope, _) = try Self.received(prepared)
        var inbound = InboundSecurityConfiguration(trustStore: X509TrustStore(anchors: [try TestPKI.certificate("ca")]))
        inbound.replayCache = InMemoryReplayCache()
        var policy = SecurityPolicy()
        policy.signedParts = [.body, .timestamp, .addressingHeaders]
        let result = try await WSSecurityEngine(configuration: inbound, policy: policy).process(envelope)

        #expect(result.authenticatedCertificate == (try TestPKI.certificate("gateway")))
        let signature = try #require(result.signatures.first)
        #expect(result.signatures.count == 1)
        #expect(signature.verified.algorithm == .rsaSHA256)
        #expect(Set(signature.verified.references.map(\.digestMethod)) == [.sha256])
        let addressingBlocks = envelope.headerBlocks.filter { $0.namespaceURI == WSAddressingVersion.v10.namespace }
        #expect(addressingBlocks.count == 4)
        #expect(Set(signature.verified.signedElements) == Set([envelope.body, try #require(result.timestamp?.element)] + addressingBlocks))
        #expect(result.binarySecurityTokens.first?.leaf == (try TestPKI.certificate("gateway")))

        let signedInfo = try #require(signature.verified.element.firstChild("SignedInfo", XMLSecurityNamespace.ds))
        let c14n = signedInfo.firstChild("CanonicalizationMethod", XMLSecurityNamespace.ds)?.attribute("Algorithm")
        #expect(c14n == "http://www.w3.org/2001/10/xml-exc-c14n#")
        let keyInfo = try #require(signature.verified.keyInfo)
        let reference = try SecurityTokenReference(element: try #require(keyInfo.firstChild("SecurityTokenReference", WSSNamespace.secext)))
        guard case .reference(let uri, let valueType) = reference.form else { Issue.record("not a direct reference: \(reference.form)"); return }
        #expect(uri == "#" + (result.binarySecurityTokens.first?.id ?? "?"))
        #expect(valueType == WSSURI.x509v3)
    }

    @Test func usernameTokenWithPasswordText() throws {
        let prepared = try Self.client(security: .usernameToken(username: "alice", password: "s3cret", digest: false)).prepare(TokenRequest(.issue))
        let (envelope, _) = try Self.received(prepared)
        let security = try #require(try envelope.securityHeader())
        let token = try UsernameToken(element: try #require(security.firstChild("UsernameToken", WSSNamespace.secext)))
        #expect(token.username == "alice")
        #expect(token.password == .text("s3cret"))
        #expect(security.firstChild("Timestamp", WSSNamespace.utility) != nil)
        #expect(security.firstChild("Signature", XMLSecurityNamespace.ds) == nil)
    }

    /// PasswordDigest = Base64(SHA-1(nonce + created + password)) (UsernameToken Profile 1.1 §3.1),
    /// recomputed here from the token's own Nonce and Created with swift-crypto's SHA-1.
    @Test func usernameTokenWithPasswordDigest() throws {
        let prepared = try Self.client(security: .usernameToken(username: "alice", password: "s3cret", digest: true)).prepare(TokenRequest(.issue))
        let (envelope, _) = try Self.received(prepared)
        let element = try #require(try envelope.securityHeader()?.firstChild("UsernameToken", WSSNamespace.secext))
        let token = try UsernameToken(element: element)
        let nonce = try #require(token.nonce)
        let created = try #require(element.firstChild("Created", WSSNamespace.utility)?.trimmedText)
        #expect(nonce.count == 16)
        guard case .digest(let digest)? = token.password else { Issue.record("not a digest"); return }
        #expect(digest == Array(Insecure.SHA1.hash(data: nonce + Array(created.utf8) + Array("s3cret".utf8))))
        #expect(!String(decoding: prepared.serialize(), as: UTF8.self).contains("s3cret"))
    }

    @Test(arguments: WSTrustVersion.allCases)
    func bearerIsWrittenInTheVersionsSpelling(_ version: WSTrustVersion) throws {
        var request = TokenRequest(.issue)
        request.keyType = .bearer
        let (_, rst) = try Self.received(try Self.client(version).prepare(request))
        #expect(rst.keyType == .bearer)
        let uri = try #require(
            try SOAPEnvelope(parsing: Self.client(version).prepare(request).serialize()).bodyPayload?
                .firstChild("KeyType", version.namespace)?.trimmedText)
        #expect(uri == (version == .v13 ? "\(version.namespace)/Bearer" : "http://schemas.xmlsoap.org/ws/2005/05/identity/NoProofKey"))
    }

    @Test func publicKeySendsTheCertificateInUseKey() throws {
        var request = TokenRequest(.issue)
        request.keyType = .publicKey(try TestPKI.certificate("gateway"))
        let (_, rst) = try Self.received(try Self.client().prepare(request))
        #expect(rst.keyType == .publicKey)
        #expect(try BinarySecurityToken(element: try #require(rst.useKey)).leaf == (try TestPKI.certificate("gateway")))
        #expect(rst.entropy == nil && rst.keySize == nil)
    }

    @Test func symmetricKeyWithoutEntropyAsksForTheSizeOnly() throws {
        var request = TokenRequest(.issue)
        request.keyType = .symmetricKey(keySize: 256, clientEntropy: false)
        let (_, rst) = try Self.received(try Self.client().prepare(request))
        #expect(rst.keyType == .symmetricKey && rst.keySize == 256)
        #expect(rst.entropy == nil && rst.computedKeyAlgorithm == nil)
    }

    @Test(arguments: [64, 100, 1024])
    func unusableSymmetricKeySizesAreRefused(_ bits: Int) throws {
        var request = TokenRequest(.issue)
        request.keyType = .symmetricKey(keySize: bits)
        let error = try #require(throws: STSClientError.self) { try Self.client().prepare(request) }
        #expect(error.code == .invalidRequest)
    }

    @Test func fullUsernameTokenKeepsItsNonceAndCreated() throws {
        var token = UsernameToken(username: "jdoe", password: nil, nonce: Array(repeating: 7, count: 16), created: Date(timeIntervalSince1970: 1_800_000_000))
        token.createdText = "2027-01-15T08:00:00Z"
        var request = TokenRequest(.issue)
        request.onBehalfOf = .usernameToken(token)
        let (_, rst) = try Self.received(try Self.client().prepare(request))
        let read = try UsernameToken(element: try #require(rst.onBehalfOf))
        #expect(read.nonce == Array(repeating: 7, count: 16))
        #expect(read.createdText == "2027-01-15T08:00:00Z")
    }

    /// A SAML assertion travels verbatim: its enveloped signature still verifies when it is read
    /// back out of the OnBehalfOf of the received request.
    @Test(arguments: WSTrustVersion.allCases)
    func samlAssertionOnBehalfOfStillVerifies(_ version: WSTrustVersion) async throws {
        func signedAssertion(for subject: String) throws -> XMLElement {
            let now = Date()
            let assertion = SAML2.Assertion(
                issueInstant: now, issuer: SAML2.Issuer(TestSTS.issuerName),
                subject: SAML2.Subject(nameID: SAML2.NameID(subject), confirmations: [SAML2.SubjectConfirmation(method: .bearer, data: nil)]),
                conditions: SAML2.Conditions(notBefore: now.addingTimeInterval(-60), notOnOrAfter: now.addingTimeInterval(600), audienceRestrictions: []),
                authnStatements: [], attributeStatements: [])
            return try SAMLAssertionSigner(credential: try TestPKI.credential("sts")).signedDocument(assertion).root
        }
        var request = TokenRequest(.issue)
        request.onBehalfOf = .samlAssertion(try signedAssertion(for: "jdoe"))
        request.actAs = .samlAssertion(try signedAssertion(for: "gateway-operator"))
        let (_, rst) = try Self.received(try Self.client(version).prepare(request))
        let validator = SAMLAssertionValidator(trustStore: X509TrustStore(anchors: [try TestPKI.certificate("ca")]))
        for (token, subject) in [(rst.onBehalfOf, "jdoe"), (rst.actAs, "gateway-operator")] {
            let element = try #require(token)
            let validated = try await validator.validate(serialized: element.document.serialize(element))
            #expect(validated.facts.subjects.first?.name == subject)
        }
    }

    @Test(arguments: WSTrustVersion.allCases)
    func validateRenewAndCancelCarryTheirTarget(_ version: WSTrustVersion) throws {
        let token = try XMLDocument(parsing: Array(#"<saml2:Assertion xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion" ID="_t1" Version="2.0"/>"#.utf8)).root
        let client = try Self.client(version)
        for (operation, type, targetName) in [
            (TokenRequest.Operation.validate(token), RequestType.validate, "ValidateTarget"),
            (.renew(token), .renew, "RenewTarget"), (.cancel(token), .cancel, "CancelTarget"),
        ] {
            let prepared = try client.prepare(TokenRequest(operation))
            let (envelope, rst) = try Self.received(prepared)
            #expect(rst.requestType == type)
            #expect(prepared.action == "\(version.namespace)/RST/\(type.name)")
            #expect(rst.target?.attribute("ID") == "_t1")
            #expect(rst.target?.parent?.name == QName(version.namespace, targetName))
            #expect(try AddressingHeaders(reading: envelope)?.action == prepared.action)
            // Validate with no TokenType asks for a status (WS-Trust 1.3 §7).
            #expect(rst.tokenType == (type == .validate ? TokenType(rawValue: version.statusTokenType) : nil))
        }
    }

    @Test func validateWithATokenTypeAsksForANewToken() throws {
        let token = try XMLDocument(parsing: Array(#"<saml2:Assertion xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion" ID="_t1" Version="2.0"/>"#.utf8)).root
        var request = TokenRequest(.validate(token))
        request.tokenType = .saml11
        let (_, rst) = try Self.received(try Self.client().prepare(request))
        #expect(rst.tokenType == .saml11)
    }
}
