import Foundation
import SAML
import SOAP
import SecureConversation
import TesseraSamples
import Testing
import TesseraServer
import XMLCore
@testable import TesseraGateway

/// The `secure-conversation` outbound binding over loopback HTTP: consumer → gateway → STS (a
/// holder-of-key assertion for the consumer, bound to the gateway's key) and gateway → `tessera
/// serve`'s echo service under a security context established with it.
@Suite struct SecureConversationRouteTests {
    static let issue = SecureConversationVersion.v13.requestAction(.issue)
    static let renew = SecureConversationVersion.v13.requestAction(.renew)
    static let cancel = SecureConversationVersion.v13.requestAction(.cancel)

    /// The greeting the echo service gives `username` vouched for by the test STS.
    static func greeting(_ username: String, _ text: String) -> String {
        EchoService.greeting(identity: SAMLBootstrap.owner(nameID: username, issuer: "https://sts.tessera.test"), text: text)
    }

    static func reply(_ result: HTTPResult) throws -> String? {
        EchoService.reply(in: try SOAPEnvelope(parsing: result.body))
    }

    @Test(arguments: [SOAPVersion.v11, .v12])
    func establishesOneContextPerIdentityAndRelaysInTheConsumersVersion(_ version: SOAPVersion) async throws {
        try await SecureConversationChain.with { chain in
            for index in 1...3 {
                let result = try await chain.post("call \(index)", version: version)
                #expect(result.status == 200)
                #expect(result.contentType.flatMap(SOAPVersion.init(contentType:)) == version)
                #expect(try Self.reply(result) == Self.greeting("jdoe", "call \(index)"))
            }
            #expect(chain.sts.calls == 1)
            #expect(chain.provider.count(Self.issue) == 1)
            #expect(chain.provider.count(EchoService.action) == 3)

            // Concurrent first requests of another identity share one STS call and one context.
            try await withThrowingTaskGroup(of: String?.self) { group in
                for index in 0..<10 { group.addTask { try Self.reply(try await chain.post("alice \(index)", username: "alice")) } }
                var replies = Set<String?>()
                for try await reply in group { replies.insert(reply) }
                #expect(replies == Set((0..<10).map { Self.greeting("alice", "alice \($0)") }))
            }
            #expect(chain.sts.calls == 2)
            #expect(chain.provider.count(Self.issue) == 2)
        }
    }

    @Test func renewsTheContextBeforeItExpires() async throws {
        try await SecureConversationChain.with(configure: { outbound in
            outbound.tokenLifetimeSeconds = 120
            outbound.renewalFraction = 0.5
        }) { chain async throws in
            #expect(try Self.reply(try await chain.post("first")) == Self.greeting("jdoe", "first"))
            chain.clock.shift(by: 30)
            #expect(try Self.reply(try await chain.post("early")) == Self.greeting("jdoe", "early"))
            #expect(chain.provider.count(Self.renew) == 0)
            chain.clock.shift(by: 40)  // 70 s of 120: past half the lifetime
            #expect(try Self.reply(try await chain.post("renewed")) == Self.greeting("jdoe", "renewed"))
            #expect(chain.provider.count(Self.renew) == 1)
            #expect(chain.provider.count(Self.issue) == 1)
            #expect(chain.provider.actions.suffix(2) == [Self.renew, EchoService.action])
        }
    }

    @Test func establishesAgainWhenTheProviderForgotTheContext() async throws {
        try await SecureConversationChain.with { chain in
            #expect(try Self.reply(try await chain.post("before")) == Self.greeting("jdoe", "before"))
            chain.provider.store.forget()
            let result = try await chain.post("after")
            #expect(result.status == 200)
            #expect(try Self.reply(result) == Self.greeting("jdoe", "after"))
            // Refused once with wsc:BadContextToken, then sent again under a new context; the
            // assertion came from the token cache.
            #expect(chain.provider.count(Self.issue) == 2)
            #expect(chain.provider.count(EchoService.action) == 3)
            #expect(chain.sts.calls == 1)
        }
    }

    @Test func aTamperedAnswerBecomesAFaultAndIsNotRelayed() async throws {
        try await SecureConversationChain.with { chain in
            #expect(try Self.reply(try await chain.post("clean")) == Self.greeting("jdoe", "clean"))
            chain.provider.tamper.withLock { $0 = true }
            let result = try await chain.post("tampered", version: .v12)
            #expect(result.status == 500)
            let fault = try SOAPFault(envelope: SOAPEnvelope(parsing: result.body))
            #expect(fault.code == .receiver)
            #expect(!result.text.contains("You said"))
            #expect(!result.text.contains("EchoResponse"))
        }
    }

    @Test func aProviderFaultIsRelayedAsAFault() async throws {
        try await SecureConversationChain.with { chain in
            // The echo service refuses a text over its limit with a Receiver fault.
            let result = try await chain.post(String(repeating: "x", count: EchoService.maxTextLength + 1), version: .v12)
            #expect(result.status == 500)
            #expect(try SOAPFault(envelope: SOAPEnvelope(parsing: result.body)).code == .receiver)
            #expect(chain.provider.count(EchoService.action) == 1)
        }
    }

    @Test func theX509BootstrapEstablishesTheGatewaysOwnContextWithoutTheSTS() async throws {
        try await SecureConversationChain.with(providerBootstrap: .x509) { chain in
            let result = try await chain.post("by certificate")
            #expect(try Self.reply(result) == EchoService.greeting(identity: "\(Fixtures.certificate("gateway").subject)", text: "by certificate"))
            #expect(chain.sts.calls == 0)
            #expect(chain.provider.count(Self.issue) == 1)
        }
    }

    @Test(arguments: [true, false])
    func theGatewayCancelsItsContextsWhenItStops(_ cancel: Bool) async throws {
        let (provider, metrics) = try await SecureConversationChain.with(configure: { outbound in
            outbound.cancelOnShutdown = cancel
        }) { chain async throws in
            _ = try await chain.post("one")
            _ = try await chain.post("two", username: "alice")
            #expect(chain.provider.count(Self.cancel) == 0)
            #expect(try await chain.metric("tessera_gateway_sc_contexts_cancelled_total", ["route": "echo"]) == 0)
            return (chain.provider, chain.metrics)
        }
        #expect(provider.count(Self.cancel) == (cancel ? 2 : 0))
        // Counted once the provider confirmed each Cancel (the listener is gone by then).
        let exposition = String(decoding: metrics.exposition(), as: UTF8.self)
        #expect(SecureConversationChain.metric(exposition, "tessera_gateway_sc_contexts_cancelled_total", ["route": "echo"]) == (cancel ? 2 : 0))
    }

    /// `/metrics` follows the route's context cache: contexts held, establishments, renewals and
    /// the contexts re-established after the provider forgot them, all labelled by route.
    @Test func theContextCacheIsMeasuredAtTheMetricsEndpoint() async throws {
        try await SecureConversationChain.with(configure: { outbound in
            outbound.tokenLifetimeSeconds = 120
            outbound.renewalFraction = 0.5
        }) { chain async throws in
            let route = ["route": "echo"]
            #expect(try await chain.metric("tessera_gateway_sc_contexts", route) == 0)
            _ = try await chain.post("jdoe")
            _ = try await chain.post("alice", username: "alice")
            _ = try await chain.post("jdoe again")
            #expect(try await chain.metric("tessera_gateway_sc_contexts", route) == 2)
            #expect(try await chain.metric("tessera_gateway_sc_contexts_established_total", route) == 2)
            #expect(try await chain.metric("tessera_gateway_sc_contexts_renewed_total", route) == 0)

            chain.clock.shift(by: 70)  // past half the lifetime: the next call renews first
            #expect(try Self.reply(try await chain.post("renewed")) == Self.greeting("jdoe", "renewed"))
            #expect(try await chain.metric("tessera_gateway_sc_contexts_renewed_total", route) == 1)
            #expect(try await chain.metric("tessera_gateway_sc_contexts_reestablished_total", route) == 0)

            chain.provider.store.forget()
            #expect(try Self.reply(try await chain.post("after")) == Self.greeting("jdoe", "after"))
            #expect(try await chain.metric("tessera_gateway_sc_contexts_reestablished_total", route) == 1)
            #expect(try await chain.metric("tessera_gateway_sc_contexts_established_total", route) == 3)
            #expect(try await chain.metric("tessera_gateway_sc_contexts", route) == 2)
            #expect(chain.provider.count(Self.issue) == 3)
            #expect(chain.provider.count(Self.renew) == 1)
        }
    }
}

/// The route's `outbound.secureConversation` section: strict, every error named by its field.
@Suite struct SecureConversationRouteConfigurationTests {
    static func yaml(_ outbound: String, keyType: String = "") -> String {
        GatewayConfigurationTests.yaml(extraRouteField: "    appliesTo: http://testHost/EchoService\n\(keyType)    outbound:\n" + outbound)
    }

    static func fields(_ yaml: String) -> Set<String> {
        do {
            _ = try GatewayConfiguration(yaml: yaml, baseDirectory: Fixtures.directory.path).settings()
            return []
        } catch {
            return Set(error.issues.map(\.field))
        }
    }

    @Test func aCompleteSectionIsRead() throws {
        let configuration = try GatewayConfiguration(
            yaml: Self.yaml(
                """
                      binding: secure-conversation
                      secureConversation:
                        bootstrap: x509
                        providerCertificate: service.cert.pem
                        version: "2005-02"
                        soapVersion: "1.1"
                        algorithmSuite: basic128-sha256
                        tokenLifetimeSeconds: 600
                        renewalFraction: 0.75
                        renewalWindowSeconds: 60
                        cancelOnShutdown: false
                """), baseDirectory: Fixtures.directory.path)
        let route = try #require(try configuration.settings().routes[0].secureConversation)
        #expect(route.bootstrap == .x509)
        #expect(route.providerCertificate == Fixtures.certificate("service"))
        #expect(route.version == .v200502)
        #expect(route.soapVersion == .v11)
        #expect(route.tokenLifetime == 600)
        #expect(route.renewalFraction == 0.75)
        #expect(route.renewalWindow == 60)
        #expect(!route.cancelOnShutdown)
    }

    @Test func anUnknownFieldIsRefusedByName() {
        #expect {
            try GatewayConfiguration(
                yaml: Self.yaml(
                    "      binding: secure-conversation\n      secureConversation:\n        providerCertificate: sts.cert.pem\n        renewAt: 3\n"),
                baseDirectory: Fixtures.directory.path)
        } throws: { error in
            (error as? ConfigurationError)?.issues.first?.field == "routes[0].outbound.secureConversation.renewAt"
        }
    }

    @Test func everyFaultyFieldIsNamed() {
        let fields = Self.fields(
            Self.yaml(
                """
                      binding: secure-conversation
                      secureConversation:
                        bootstrap: kerberos
                        providerCertificate: missing.cert.pem
                        version: "1.4"
                        soapVersion: "1.3"
                        algorithmSuite: basic512
                        tokenLifetimeSeconds: 10
                        renewalFraction: 1.5
                """))
        let section = "routes[0].outbound.secureConversation"
        #expect(
            fields
                == Set(
                    ["bootstrap", "providerCertificate", "version", "soapVersion", "algorithmSuite", "tokenLifetimeSeconds", "renewalFraction"].map {
                        "\(section).\($0)"
                    }))
    }

    @Test func theBindingNeedsItsSectionAndTheSectionItsBinding() {
        #expect(Self.fields(Self.yaml("      binding: secure-conversation\n")) == ["routes[0].outbound.secureConversation"])
        #expect(
            Self.fields(Self.yaml("      secureConversation:\n        providerCertificate: sts.cert.pem\n"))
                == ["routes[0].outbound.secureConversation"])
        #expect(Self.fields(Self.yaml("      binding: kerberos\n")) == ["routes[0].outbound.binding"])
    }

    @Test func aHolderOfKeyRouteTakesNoKeyType() {
        let yaml = Self.yaml(
            "      binding: secure-conversation\n      secureConversation:\n        providerCertificate: sts.cert.pem\n", keyType: "    keyType: bearer\n")
        #expect(Self.fields(yaml) == ["routes[0].keyType"])
    }
}
