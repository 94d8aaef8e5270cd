import Foundation
import SAML
import SecureConversation
import SOAP
import TesseraGateway
import TesseraSamples
import TesseraServer
import WSSecurity
import XMLCore

/// `tessera demo token-exchange --secure-conversation`: the gateway's route to the echo service
/// of `tessera serve` under a secure conversation. The STS issues a holder-of-key SAML assertion
/// for the consumer bound to the gateway's key, the gateway establishes a security context
/// with it and sends the consumer's request signed and encrypted with derived keys; later calls
/// reuse the context from the gateway's context cache.
extension TokenExchangeDemo {
    /// The AppliesTo (and assertion audience) of the echo service in the demo.
    static let echoAppliesTo = "https://echo.tessera.test/EchoService"

    /// The data directory's server, changed in memory for the demo: the echo service takes the
    /// STS's own assertions for ``echoAppliesTo`` (`issued-saml`), and the STS has a relying
    /// party for it that issues holder-of-key SAML 2.0 assertions bound to the requestor's key
    /// (KeyType PublicKey), not encrypted, so the gateway can present them.
    static func trustHolderOfKeyAssertions(_ server: inout ServerConfiguration) throws {
        guard var section = server.secureConversation else {
            throw TokenExchangeDemoError("the data directory's tessera.yaml has no secureConversation section (the echo service)")
        }
        section.bootstrap = .issuedSAML
        section.issuedSAML = .init(
            issuers: [.init(name: server.identity.issuer, certificates: [server.identity.signingCertificate])], audiences: [echoAppliesTo])
        server.secureConversation = section
        var echo = ServerConfiguration.RelyingPartyEntry(name: "echo-demo", appliesTo: [.exact(echoAppliesTo)])
        echo.keyType = .publicKey
        echo.lifetimeSeconds = 600
        server.relyingParties.insert(echo, at: 0)
    }

    /// The development route, turned to the echo service at `provider` under the
    /// `secure-conversation` binding, bootstrapped with the STS's holder-of-key assertion; the
    /// provider's certificate is the STS's (the echo service signs with the server's key).
    static func secureConversationRoute(_ development: GatewayConfiguration.Route, provider: String) -> GatewayConfiguration.Route {
        var route = development
        route.name = "echo"
        route.path = "/echo"
        route.provider = provider
        route.appliesTo = echoAppliesTo
        route.outbound = .init(binding: "secure-conversation")
        route.outbound.secureConversation = .init(bootstrap: "saml-holder-of-key", providerCertificate: development.sts.certificate)
        return route
    }
}

extension TokenExchangeDemo.Consumer {
    /// Sends every call to the echo route; false (after reporting why) at the first stage that
    /// went wrong.
    func playSecureConversation() async -> Bool {
        let reader = TokenExchangeDemo.WireReader(
            stsCertificate: parts.tokenService.signingCredential.certificate, gateway: parts.keys.client.certificate,
            issuer: parts.server.identity.issuer, appliesTo: parts.appliesTo)
        do {
            for index in 1...demo.calls {
                report(.call(index: index, of: demo.calls))
                try await echoCall(index, reader: reader)
            }
            return true
        } catch let failure as CheckFailed {
            report(.failed(failure.reason))
        } catch {
            report(.failed("\(error)"))
        }
        return false
    }

    private func echoCall(_ index: Int, reader: TokenExchangeDemo.WireReader) async throws {
        let username = TokenExchangeDemo.username
        let text = "call \(index) under a secure conversation"
        let envelope = EchoService.request(text, version: demo.soapVersion)
        AddressingHeaders(version: .v10, to: parts.appliesTo, action: EchoService.action, messageID: AddressingHeaders.newMessageID()).write(to: envelope)
        _ = UsernameToken(username: username, password: nil).write(into: try! envelope.ensureSecurityHeader())  // a new envelope
        let request = envelope.serialize()
        report(.consumerRequest(username: username, version: demo.soapVersion, bytes: request.count))
        show(request, from: "consumer", to: "gateway")
        let sent = ContinuousClock.now
        let answer: [UInt8]
        do {
            answer = try await transport.exchange(request, version: demo.soapVersion, action: EchoService.action)
        } catch {
            throw CheckFailed("the gateway did not answer: \(error)")
        }
        let waited = ContinuousClock.now - sent
        let observed = log.drain()
        let stsCalls = observed.filter { $0.leg == .sts }
        let forwards = observed.filter { $0.leg == .provider }
        let issueAction = SecureConversationVersion.v13.requestAction(.issue)
        let establishments = forwards.filter { Self.action(of: $0.request) == issueAction }

        if index == 1 {
            guard stsCalls.count == 1, let exchange = stsCalls.first else {
                throw CheckFailed("expected one call to the STS, the gateway made \(stsCalls.count)\(Self.fault(in: answer))")
            }
            let issueRequest = try reader.issueRequest(exchange.request)
            report(.issueRequested(issueRequest, at: exchange.started - sent))
            show(exchange.request, from: "gateway", to: "STS")
            guard let rstr = exchange.response else { throw CheckFailed("the STS did not answer the RST") }
            let issued = try reader.issueResponse(rstr)
            guard issued.confirmationMethod.hasSuffix("holder-of-key"), issued.subject == username else {
                throw CheckFailed("the STS issued a \(issued.confirmationMethod) assertion for \(issued.subject), not a holder-of-key one for \(username)")
            }
            report(.issued(issued, at: exchange.started + exchange.duration - sent, took: exchange.duration))
            show(rstr, from: "STS", to: "gateway")
            guard establishments.count == 1, let context = establishments.first, let issuedContext = context.response else {
                throw CheckFailed("expected one RST/SCT to the provider, the gateway sent \(establishments.count)\(Self.fault(in: answer))")
            }
            report(.contextRequested(bytes: context.request.count, at: context.started - sent))
            show(context.request, from: "gateway", to: "provider")
            report(.contextIssued(bytes: issuedContext.count, at: context.started + context.duration - sent, took: context.duration))
            show(issuedContext, from: "provider", to: "gateway")
        } else {
            guard stsCalls.isEmpty, establishments.isEmpty else {
                throw CheckFailed("the gateway asked the STS or the provider for a new context although it held one for \(username)")
            }
            report(.contextReused)
        }

        let messages = forwards.filter { Self.action(of: $0.request) == EchoService.action }
        guard messages.count == 1, let message = messages.first, let protectedAnswer = message.response else {
            throw CheckFailed("expected one request under the context, the gateway sent \(messages.count)\(Self.fault(in: answer))")
        }
        let wire = String(decoding: message.request, as: UTF8.self)
        guard !wire.contains(text) else { throw CheckFailed("the request under the context carries the consumer's text in the clear") }
        let derivedKeys = wire.components(separatedBy: "DerivedKeyToken ").count - 1
        report(.protectedForward(bytes: message.request.count, derivedKeys: derivedKeys, at: message.started - sent))
        show(message.request, from: "gateway", to: "provider")
        show(protectedAnswer, from: "provider", to: "gateway")

        let reply = try Self.echoReply(answer, version: demo.soapVersion)
        let expected = EchoService.greeting(identity: SAMLBootstrap.owner(nameID: username, issuer: parts.server.identity.issuer), text: text)
        guard reply == expected else { throw CheckFailed("the consumer got \"\(reply)\", not \"\(expected)\"") }
        report(.protectedAnswer(reply: reply, at: message.started + message.duration - sent, took: message.duration, consumerWaited: waited))
        show(answer, from: "gateway", to: "consumer")
    }

    private static func action(of bytes: [UInt8]) -> String? {
        (try? SOAPEnvelope(parsing: bytes)).flatMap { try? AddressingHeaders(reading: $0)?.action }
    }

    private static func echoReply(_ bytes: [UInt8], version: SOAPVersion) throws -> String {
        guard let envelope = try? SOAPEnvelope(parsing: bytes) else { throw CheckFailed("the answer is not a SOAP envelope") }
        if let fault = try? SOAPFault(envelope: envelope) { throw CheckFailed("the consumer got a fault: \(fault)") }
        guard envelope.version == version else { throw CheckFailed("the answer is \(envelope.version), the request was \(version)") }
        guard let reply = EchoService.reply(in: envelope) else { throw CheckFailed("the answer holds no EchoResponse") }
        return reply
    }

    private static func fault(in answer: [UInt8]) -> String {
        guard let envelope = try? SOAPEnvelope(parsing: answer), let fault = try? SOAPFault(envelope: envelope) else { return "" }
        return "; the consumer got the fault \(fault)"
    }
}
