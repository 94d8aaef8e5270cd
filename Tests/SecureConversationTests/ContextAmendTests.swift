import Foundation
import SOAP
import StoreProtocols
import Testing
import WSSecurity
import WSTrust
import XMLCore
@testable import SecureConversation

/// Amend (WS-SC 1.3 §7) in process: the owner adds the subject of a trusted certificate, proven
/// by that certificate's signature over the request, and the handler sees it on every later
/// message, in a store or in the cookie. Refused: a service that does not amend, an Amend
/// without the claim's own signature, a claim whose certificate the service does not trust, an
/// Amend from another context naming this one, an Amend signed with a key that is not the
/// context's, and an Amend beyond the claim limit.
@Suite struct ContextAmendTests {
    /// A service answering `Hello` with the identity and the claims of the context.
    static func service(_ configuration: SecureConversationServiceConfiguration) -> SecureConversationService {
        SecureConversationService(configuration: configuration) { request in
            SecureConversationReply(version: request.envelope.version, action: Fixtures.helloAction + "Response") { body in
                body.addChild("HelloResponse", Fixtures.helloNamespace, prefix: "h")
                    .setText(([request.identity] + request.claims).joined(separator: " | "))
            }
        }
    }

    static func amending(_ keeping: ContextKeeping? = nil, maximumClaims: Int = 16) -> SecureConversationServiceConfiguration {
        var configuration = Fixtures.serviceConfiguration(keeping: keeping)
        configuration.amendment = ContextAmendmentPolicy(trustStore: Fixtures.trustStore(), maximumClaims: maximumClaims)
        return configuration
    }

    static func cookieKeeping() throws -> ContextKeeping {
        .cookie(try SecurityContextCookie(key: SecurityContextCookie.generateKey()), revocations: InMemorySecurityContextRevocationList())
    }

    static func greeting(_ client: SecureConversationClient) async throws -> String? {
        Fixtures.greeting(try await client.send(Fixtures.hello("x"), action: Fixtures.helloAction))
    }

    static func faultSubcode(_ error: any Error) -> QName? {
        (error as? SecureConversationError)?.fault?.subcode
    }

    @Test(arguments: SecureConversationVersion.allCases, [false, true])
    func theOwnerAddsAClaimProvenByItsCertificate(_ version: SecureConversationVersion, cookie: Bool) async throws {
        let store = InMemorySecurityContextStore()
        let service = Self.service(Self.amending(cookie ? try Self.cookieKeeping() : .stateful(store)))
        let client = SecureConversationClient(
            configuration: Fixtures.clientConfiguration(version: version), transport: RecordingTransport(service: service))
        let established = try await client.establish()
        let owner = "\(Fixtures.gateway.certificate.subject)"
        #expect(try await Self.greeting(client) == owner)

        let amended = try await client.amend(addingClaimsOf: Fixtures.service)
        #expect(amended.identifier == established.identifier)
        #expect(amended.instance == established.instance)
        #expect(amended.expires == established.expires)
        let claim = "\(Fixtures.service.certificate.subject)"
        #expect(try await Self.greeting(client) == "\(owner) | \(claim)")
        // Adding the same claim again changes nothing; the context still serves.
        try await client.amend(addingClaimsOf: Fixtures.service)
        #expect(try await Self.greeting(client) == "\(owner) | \(claim)")
        if !cookie {
            #expect(try await store.context(identifier: established.identifier)?.claims == [claim])
        }
        // Renewal keeps the claims.
        try await client.renew()
        #expect(try await Self.greeting(client) == "\(owner) | \(claim)")
    }

    @Test func aServiceThatDoesNotAmendRefusesWithRequestFailed() async throws {
        let service = Self.service(Fixtures.serviceConfiguration())
        let client = SecureConversationClient(configuration: Fixtures.clientConfiguration(version: .v13), transport: RecordingTransport(service: service))
        try await client.establish()
        await #expect { _ = try await client.amend(addingClaimsOf: Fixtures.service) } throws: { error in
            Self.faultSubcode(error) == QName(WSTrustVersion.v13.namespace, "RequestFailed")
        }
        #expect(try await Self.greeting(client) == "\(Fixtures.gateway.certificate.subject)")
    }

    @Test(arguments: [false, true])
    func anAmendSignedOnlyWithTheContextKeyProvesNoClaim(cookie: Bool) async throws {
        let service = Self.service(Self.amending(cookie ? try Self.cookieKeeping() : nil))
        let client = SecureConversationClient(configuration: Fixtures.clientConfiguration(version: .v13), transport: RecordingTransport(service: service))
        try await client.establish()
        let context = try #require(client.issuedContext)
        // The Amend RST, secured with the context alone (its Body encrypted as any message).
        var rst = RequestSecurityToken(version: .v13, requestType: .issue)
        rst.tokenType = SecureConversationVersion.v13.tokenType
        let request = SOAPEnvelope(version: .v12)
        rst.write(into: request.body)
        await #expect {
            _ = try await client.send(request, action: SecureConversationVersion.v13.requestAction(.amend), under: context)
        } throws: { error in
            Self.faultSubcode(error) == QName(WSSNamespace.secext, "FailedAuthentication")
        }
        #expect(try await Self.greeting(client) == "\(Fixtures.gateway.certificate.subject)")
    }

    @Test func aClaimWhoseCertificateTheServiceDoesNotTrustIsRefused() async throws {
        let store = InMemorySecurityContextStore()
        let service = Self.service(Self.amending(.stateful(store)))
        let client = SecureConversationClient(configuration: Fixtures.clientConfiguration(version: .v13), transport: RecordingTransport(service: service))
        let context = try await client.establish()
        await #expect { _ = try await client.amend(addingClaimsOf: Fixtures.untrusted) } throws: { error in
            Self.faultSubcode(error) == QName(WSSNamespace.secext, "FailedAuthentication")
        }
        #expect(try await store.context(identifier: context.identifier)?.claims == [])
        #expect(try await Self.greeting(client) == "\(Fixtures.gateway.certificate.subject)")
    }

    @Test func anotherContextsOwnerCannotAmendThisContext() async throws {
        let store = InMemorySecurityContextStore()
        let service = Self.service(Self.amending(.stateful(store)))
        let victim = SecureConversationClient(configuration: Fixtures.clientConfiguration(version: .v13), transport: RecordingTransport(service: service))
        let attacker = SecureConversationClient(
            configuration: Fixtures.clientConfiguration(version: .v13, credential: Fixtures.service), transport: RecordingTransport(service: service))
        let target = try await victim.establish()
        try await attacker.establish()
        let attackerContext = try #require(attacker.issuedContext)

        // The attacker's Amend, secured with its own context and its certificate's signature,
        // names the victim's context.
        var rst = RequestSecurityToken(version: .v13, requestType: .issue)
        rst.tokenType = SecureConversationVersion.v13.tokenType
        let holder = XMLDocument(rootLocalName: "Target", namespace: nil)
        rst.target = SecurityTokenReference.write(.reference(uri: target.identifier, valueType: SecureConversationVersion.v13.tokenTypeURI), into: holder.root)
        let request = SOAPEnvelope(version: .v12)
        rst.write(into: request.body)
        await #expect {
            _ = try await attacker.send(
                request, action: SecureConversationVersion.v13.requestAction(.amend), under: attackerContext, endorsedBy: .x509(Fixtures.service))
        } throws: { error in
            Self.faultSubcode(error) == QName(WSTrustVersion.v13.namespace, "InvalidRequest")
        }
        #expect(try await store.context(identifier: target.identifier)?.claims == [])

        // The attacker's Amend secured with a key it made up for the victim's context fails the
        // signature check.
        var forged = try #require(victim.issuedContext)
        forged = IssuedContext(
            token: forged.token,
            record: SecurityContextRecord(
                identifier: target.identifier, secret: Array(repeating: 7, count: 32), owner: "", created: .now, expires: target.expires))
        let forgedRequest = SOAPEnvelope(version: .v12)
        RequestSecurityToken(version: .v13, requestType: .issue).write(into: forgedRequest.body)
        await #expect {
            _ = try await attacker.send(
                forgedRequest, action: SecureConversationVersion.v13.requestAction(.amend), under: forged, endorsedBy: .x509(Fixtures.service))
        } throws: { error in
            Self.faultSubcode(error) == QName(WSSNamespace.secext, "FailedCheck")
        }
        #expect(try await store.context(identifier: target.identifier)?.claims == [])
    }

    @Test func anAmendBeyondTheClaimLimitIsRefused() async throws {
        let store = InMemorySecurityContextStore()
        let service = Self.service(Self.amending(.stateful(store), maximumClaims: 1))
        let client = SecureConversationClient(configuration: Fixtures.clientConfiguration(version: .v13), transport: RecordingTransport(service: service))
        let context = try await client.establish()
        try await client.amend(addingClaimsOf: Fixtures.service)
        await #expect { _ = try await client.amend(addingClaimsOf: Fixtures.credential("sts")) } throws: { error in
            Self.faultSubcode(error) == QName(WSTrustVersion.v13.namespace, "RequestFailed")
        }
        #expect(try await store.context(identifier: context.identifier)?.claims == ["\(Fixtures.service.certificate.subject)"])
    }
}
