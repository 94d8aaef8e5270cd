import Foundation
import SAML
import SecurityCore
import SOAP
import Synchronization
import TesseraCrypto
import WSSecurity
import WSTrust
import X509
import XMLCore
@testable import STS

/// Users of the test directory. alice's hash was computed by Python's hashlib.scrypt (an
/// independent implementation); bob may also use PasswordDigest.
enum TestUsers {
    static let alicePassword = "correct horse battery staple"
    static let aliceHash = "$scrypt$ln=14,r=8,p=1$AAECAwQFBgcICQoLDA0ODw$11kKyiyYAc8G7rp3KmncMc44YlkdllIqxOa7pq0fMaU"
    static let bobPassword = "bob-s3cret"
    static let digestKey = Array(repeating: UInt8(7), count: 32)

    static let directory: UserDirectory = {
        let bobHash = try! PasswordHash.make(password: bobPassword, parameters: .minimum)
        return try! UserDirectory(
            users: [
                .init(name: "alice", passwordHash: try! PasswordHash(phc: aliceHash), attributes: [IdentityAttribute(name: "role", values: ["reader"])]),
                .init(name: "bob", passwordHash: bobHash, digestPassword: try! SealedPassword.seal(password: bobPassword, username: "bob", key: digestKey)),
            ], realm: "corp", digestKey: digestKey)
    }()
}

/// Collects audit events.
final class AuditLog: Sendable {
    private let events = Mutex<[AuditEvent]>([])

    var all: [AuditEvent] { events.withLock { $0 } }
    var last: AuditEvent? { all.last }

    var sink: AuditSink {
        { [self] event in events.withLock { $0.append(event) } }
    }
}

/// An STS with the gateway of the token-transformation scenario as trusted requestor, the `service`
/// key as a trusted IdP, the test users, and a shared store, replay cache and audit log, at a
/// pinned time.
struct STSHarness {
    static let issuerName = "https://sts.tessera.test"
    static let idpName = "https://idp.tessera.test"
    static let hello = "http://testHost/HelloService"

    let now: Date
    let store = InMemoryTokenStore()
    let replayCache = InMemoryReplayCache()
    let audit = AuditLog()
    var configuration: STSConfiguration

    /// `now` defaults to the current second (whole seconds survive the XML round trip exactly).
    init(now: Date = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down)), mayDelegate: Bool = true) {
        self.now = now
        var inbound = InboundSecurityConfiguration(trustStore: X509TrustStore(anchors: [TestPKI.ca], known: [TestPKI.intermediate]))
        inbound.replayCache = replayCache
        inbound.clock = .fixed(now)
        // The relying party releases the attributes the delegation tests follow through mapping.
        var hello = RelyingParty(name: "hello", addresses: [.exact(Self.hello)])
        hello.claims = [.passThrough("via"), .passThrough("urn:role"), .passThrough("role")]
        var configuration = STSConfiguration(
            issuerName: Self.issuerName, signingCredential: TestPKI.sts,
            relyingParties: RelyingPartyRegistry(parties: [hello]),
            inbound: inbound,
            requestors: [TrustedRequestor(name: "gateway", certificate: TestPKI.gateway.certificate, mayDelegate: mayDelegate, realm: "consumers")])
        configuration.nameQualifier = "STS"
        configuration.lifetimes = LifetimePolicy(defaultLifetime: 360, maximumLifetime: 3600)
        configuration.users = TestUsers.directory
        configuration.samlIssuers = [TrustedSAMLIssuer(name: Self.idpName, certificates: [TestPKI.idp.certificate], realm: "idp")]
        // The IdP's assertions in OnBehalfOf were issued to the gateway.
        configuration.delegatedAssertionAudiences = ["https://gateway.tessera.test"]
        configuration.tokenStore = store
        configuration.audit = audit.sink
        self.configuration = configuration
    }

    /// The service as it runs at `time` (the harness's time by default), sharing the store.
    func service(at time: Date? = nil) -> SecurityTokenService {
        var configuration = configuration
        configuration.inbound.clock = .fixed(time ?? now)
        return SecurityTokenService(configuration: configuration)
    }

    /// Sends `request` and returns the response as the requestor receives it (reparsed).
    func send(_ request: SOAPEnvelope, context: STSRequestContext = STSRequestContext(), at time: Date? = nil) async throws -> SOAPEnvelope {
        try SOAPEnvelope(parsing: await service(at: time).handle(request, context: context).serialize())
    }

    /// The fault `request` is answered with (fails the test when it is not one).
    func fault(_ request: SOAPEnvelope, context: STSRequestContext = STSRequestContext(), at time: Date? = nil) async throws -> SOAPFault {
        try SOAPFault(envelope: try await send(request, context: context, at: time))
    }

    /// The single RSTR of an Issue response (inside the RSTRC for 1.3).
    static func rstr(_ response: SOAPEnvelope) throws -> RequestSecurityTokenResponse {
        guard let payload = response.bodyPayload else { throw WSTrustError(.invalidRequest, "empty response") }
        if let fault = try? SOAPFault(envelope: response) { throw UnexpectedFault(fault: fault) }
        if payload.localName == "RequestSecurityTokenResponseCollection" {
            guard let first = try RequestSecurityTokenResponseCollection(element: payload).responses.first else {
                throw WSTrustError(.invalidRequest, "empty collection")
            }
            return first
        }
        return try RequestSecurityTokenResponse(element: payload)
    }

    /// The issued assertion, validated as a relying party would, trusting the STS's certificate.
    static func issuedAssertion(_ response: SOAPEnvelope, audience: String = hello) async throws -> ValidatedSAMLAssertion {
        guard let token = try rstr(response).requestedSecurityToken else { throw WSTrustError(.invalidRequest, "no token") }
        return try await SAMLAssertionValidator(trustStore: X509TrustStore(anchors: [TestPKI.ca])) {
            SAMLAudiencePolicy(audience: audience)
        }.validate(serialized: token.document.serialize(token))
    }
}

/// A test expected a token and got a fault; the message says which.
struct UnexpectedFault: Error, CustomStringConvertible {
    let fault: SOAPFault
    var description: String { "unexpected fault \(fault.subcode.map { "\($0)" } ?? "?"): \(fault.reason)" }
}

/// How a test request proves who sent it.
enum RequestSecurity {
    /// Body and Timestamp signed with an X.509 key in a BinarySecurityToken.
    case signed(X509Credential)
    /// A header UsernameToken (and a Timestamp).
    case username(UsernameToken)
    /// A SAML assertion in the header; the Body and Timestamp signed by `signer` when given,
    /// referencing the assertion when `holderOfKey`.
    case saml(XMLElement, signer: X509Credential?, holderOfKey: Bool)
    /// A Timestamp only.
    case timestampOnly
    /// No security header at all.
    case none
}

/// A WS-Trust request as a test sends it (SOAP 1.2, WS-Addressing 1.0).
struct TestRequest {
    var version: WSTrustVersion = .v13
    var requestType: RequestType = .issue
    var appliesTo: String? = STSHarness.hello
    var tokenType: TokenType? = .saml20
    var onBehalfOf: XMLElement?
    var actAs: XMLElement?
    var lifetime: Lifetime?
    var target: XMLElement?
    var renewing: (allow: Bool, ok: Bool)?
    var action: String?
    /// Changes the RST element before the message is signed (malformed requests).
    var edit: ((XMLElement) -> Void)?

    func envelope(_ security: RequestSecurity, at now: Date) throws -> SOAPEnvelope {
        let envelope = SOAPEnvelope(version: .v12)
        AddressingHeaders(
            version: .v10, to: "https://sts.tessera.test/sts", action: action ?? version.requestAction(requestType),
            messageID: AddressingHeaders.newMessageID()
        ).write(to: envelope)
        var rst = RequestSecurityToken(version: version, requestType: requestType)
        rst.appliesTo = appliesTo.map { AppliesTo(address: $0) }
        rst.tokenType = tokenType
        rst.onBehalfOf = onBehalfOf
        rst.actAs = actAs
        rst.lifetime = lifetime
        rst.target = target
        rst.renewing = renewing
        let element = rst.write(into: envelope.body)
        edit?(element)
        var builder = SecurityHeaderBuilder()
        builder.clock = .fixed(now)
        switch security {
        case .signed(let credential):
            builder.signature = .init(credential: credential)
        case .username(let token):
            builder.usernameToken = token
        case .saml(let assertion, let signer, let holderOfKey):
            builder.samlAssertion = assertion.document.serialize(assertion)
            if let signer {
                var options = SecurityHeaderBuilder.SignatureOptions(credential: signer)
                if holderOfKey { options.keyReference = .samlAssertionKeyIdentifier }
                builder.signature = options
            }
        case .timestampOnly:
            break
        case .none:
            return try SOAPEnvelope(parsing: envelope.serialize())
        }
        try builder.secure(envelope)
        return try SOAPEnvelope(parsing: envelope.serialize())
    }
}

/// Tokens a test puts in OnBehalfOf, ActAs or a target, each in a document of its own.
enum TestTokens {
    static func username(_ name: String, password: UsernameToken.Password? = nil, nonce: Bool = false, created: Date? = nil) -> XMLElement {
        var token = UsernameToken(username: name, password: password, nonce: nonce ? SecureRandom.bytes(16) : nil, created: created)
        token.createdText = created.map { XSDDateTime.format($0) }
        return token.write(into: XMLDocument(rootLocalName: "Holder", namespace: nil).root)
    }

    static func certificate(_ certificate: Certificate) throws -> XMLElement {
        try BinarySecurityToken.write(certificate, into: XMLDocument(rootLocalName: "Holder", namespace: nil).root, id: "X509-1")
    }

    /// A signed SAML 2.0 assertion for `subject` from `issuer`.
    static func assertion(
        subject: String = "alice", issuer: String = STSHarness.idpName, signer: X509Credential = TestPKI.idp,
        confirmation: SAML2.ConfirmationMethod = .bearer, key: Certificate? = nil,
        audience: String? = nil, notBefore: Date, notOnOrAfter: Date,
        attributes: [SAML2.Attribute] = [], delegates: [String] = []
    ) throws -> XMLElement {
        var conditions = SAML2.Conditions(
            notBefore: notBefore, notOnOrAfter: notOnOrAfter,
            audienceRestrictions: audience.map { [SAML2.AudienceRestriction([$0])] } ?? [])
        if !delegates.isEmpty {
            conditions.delegationRestriction = SAML2.DelegationRestriction(delegates.map { SAML2.Delegate(nameID: SAML2.NameID($0)) })
        }
        let data = SAML2.SubjectConfirmationData(notOnOrAfter: notOnOrAfter, keys: key.map { [.certificate($0)] } ?? [])
        let assertion = SAML2.Assertion(
            issueInstant: notBefore, issuer: SAML2.Issuer(issuer),
            subject: SAML2.Subject(nameID: SAML2.NameID(subject), confirmations: [SAML2.SubjectConfirmation(method: confirmation, data: data)]),
            conditions: conditions,
            authnStatements: [SAML2.AuthnStatement(authnInstant: notBefore, authnContext: SAML2.AuthnContext(classRef: .password))],
            attributeStatements: attributes.isEmpty ? [] : [SAML2.AttributeStatement(attributes)])
        return try SAMLAssertionSigner(credential: signer).signedDocument(assertion).root
    }

    /// A reference to a token by its SAML ID, as a CancelTarget / ValidateTarget may carry it.
    static func reference(to id: String) -> XMLElement {
        SecurityTokenReference.write(
            .keyIdentifier(valueType: WSSURI.samlV20ID, value: Array(id.utf8), text: id),
            into: XMLDocument(rootLocalName: "Holder", namespace: nil).root)
    }
}

extension SOAPFault {
    /// The WS-Trust 1.3 fault code `name`.
    static func trust(_ name: String) -> QName { QName(WSTrustVersion.v13.namespace, name) }
}

extension STSHarness {
    /// Issues a SAML 2.0 token for jdoe to the gateway and returns it in a document of its own,
    /// as the gateway keeps it.
    func issueForJdoe(renewing: (allow: Bool, ok: Bool)? = nil, tokenType: TokenType = .saml20) async throws -> (token: XMLElement, id: String) {
        var request = TestRequest(tokenType: tokenType)
        request.onBehalfOf = TestTokens.username("jdoe")
        request.renewing = renewing
        let rstr = try Self.rstr(try await send(try request.envelope(.signed(TestPKI.gateway), at: now)))
        guard let issued = rstr.requestedSecurityToken, let id = issued.attribute("ID") ?? issued.attribute("AssertionID") else {
            throw WSTrustError(.invalidRequest, "no token issued")
        }
        let document = try XMLDocument(parsing: issued.document.serialize(issued))
        return (document.root, id)
    }

    /// A Validate, Renew or Cancel request for `target`, signed by the gateway at `time`.
    func request(
        _ type: RequestType, target: XMLElement, tokenType: TokenType? = nil, appliesTo: String? = nil,
        version: WSTrustVersion = .v13, security: RequestSecurity = .signed(TestPKI.gateway), at time: Date? = nil
    ) throws -> SOAPEnvelope {
        var request = TestRequest(version: version, requestType: type, appliesTo: appliesTo, tokenType: tokenType)
        request.target = target
        return try request.envelope(security, at: time ?? now)
    }
}
