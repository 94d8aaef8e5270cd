import Foundation
import SAML
import SOAP
import TesseraClient
import TesseraGateway
import TesseraSamples
import TesseraServer
import WSSecurity
import X509
import XMLCore

extension TokenExchangeDemo {
    /// The consumer of the demo: sends the calls, reads what the gateway exchanged for each from
    /// the ``ObservationLog``, checks every stage and reports it.
    struct Consumer {
        let demo: TokenExchangeDemo
        let parts: Parts
        let transport: any SOAPTransport
        let log: ObservationLog
        let gatewayURL: String
        let showMessages: Bool
        let report: @Sendable (Step) -> Void

        /// A stage that did not go as expected.
        struct CheckFailed: Error {
            let reason: String
            init(_ reason: String) { self.reason = reason }
        }

        /// Sends every call; false (after reporting why) at the first stage that went wrong.
        func play() async -> Bool {
            let reader = WireReader(
                stsCertificate: parts.tokenService.signingCredential.certificate, gateway: parts.keys.client.certificate,
                issuer: parts.server.identity.issuer, appliesTo: parts.appliesTo)
            var cachedAssertion: String?
            do {
                for index in 1...demo.calls {
                    report(.call(index: index, of: demo.calls))
                    cachedAssertion = try await call(reader: reader, cachedAssertion: cachedAssertion)
                }
                return true
            } catch let failure as CheckFailed {
                report(.failed(failure.reason))
            } catch {
                report(.failed("\(error)"))
            }
            return false
        }

        /// One call; returns the ID of the assertion the gateway forwarded.
        private func call(reader: WireReader, cachedAssertion: String?) async throws -> String {
            let request = consumerRequest()
            report(.consumerRequest(username: TokenExchangeDemo.username, version: demo.soapVersion, bytes: request.count))
            show(request, from: "consumer", to: "gateway")
            let sent = ContinuousClock.now
            let answer: [UInt8]
            do {
                answer = try await transport.exchange(request, version: demo.soapVersion, action: TokenExchangeDemo.action)
            } catch {
                throw CheckFailed("the gateway did not answer: \(error)")
            }
            let waited = ContinuousClock.now - sent
            let observed = log.drain()
            let stsCalls = observed.filter { $0.leg == .sts }
            let forwards = observed.filter { $0.leg == .provider }

            let issuedID: String
            if let cachedAssertion {
                guard stsCalls.isEmpty else {
                    throw CheckFailed("the gateway asked the STS again although it had a token for \(TokenExchangeDemo.username) in its cache")
                }
                issuedID = cachedAssertion
                report(.cacheHit(assertionID: cachedAssertion, username: TokenExchangeDemo.username))
            } else {
                guard stsCalls.count == 1, let exchange = stsCalls.first else {
                    throw CheckFailed("expected one call to the STS, the gateway made \(stsCalls.count)\(Self.relayed(answer))")
                }
                let issueRequest = try reader.issueRequest(exchange.request)
                guard issueRequest.onBehalfOf == TokenExchangeDemo.username, !issueRequest.onBehalfOfHasPassword else {
                    throw CheckFailed("the RST asks on behalf of \(issueRequest.onBehalfOf), not the consumer's \(TokenExchangeDemo.username) without password")
                }
                report(.issueRequested(issueRequest, at: exchange.started - sent))
                show(exchange.request, from: "gateway", to: "STS")
                guard let rstr = exchange.response else { throw CheckFailed("the STS did not answer the RST") }
                let issued = try reader.issueResponse(rstr)
                report(.issued(issued, at: exchange.started + exchange.duration - sent, took: exchange.duration))
                show(rstr, from: "STS", to: "gateway")
                issuedID = issued.assertionID
            }

            guard forwards.count == 1, let forward = forwards.first else {
                throw CheckFailed("expected one forward to the provider, the gateway made \(forwards.count)\(Self.relayed(answer))")
            }
            let forwarded = try await reader.forward(forward.request)
            guard forwarded.assertionID == issuedID else {
                throw CheckFailed("the forwarded message carries assertion \(forwarded.assertionID), not \(issuedID) the STS issued")
            }
            guard forwarded.subject == TokenExchangeDemo.username else {
                throw CheckFailed("the forwarded assertion speaks for \(forwarded.subject), not \(TokenExchangeDemo.username)")
            }
            report(.forwarded(forwarded, at: forward.started - sent))
            show(forward.request, from: "gateway", to: "provider")

            guard let providerAnswer = forward.response else { throw CheckFailed("the provider did not answer") }
            let reply = try reader.helloReply(answer, version: demo.soapVersion)
            guard reply == HelloService.greeting(subject: TokenExchangeDemo.username) else {
                throw CheckFailed("the provider answered \"\(reply)\", not \"\(HelloService.greeting(subject: TokenExchangeDemo.username))\"")
            }
            guard providerAnswer == answer else { throw CheckFailed("the gateway changed the provider's answer on its way to the consumer") }
            report(.answered(reply: reply, at: forward.started + forward.duration - sent, took: forward.duration, consumerWaited: waited))
            show(answer, from: "provider (through the gateway)", to: "consumer")
            return issuedID
        }

        func show(_ bytes: [UInt8], from: String, to: String) {
            if showMessages { report(.message(from: from, to: to, bytes: bytes)) }
        }

        /// The consumer's request: WS-Addressing To (HelloService's logical address), Action and
        /// MessageID, a security header with a UsernameToken that holds only the Username (an
        /// identity assertion), and a `Hello` Body.
        private func consumerRequest() -> [UInt8] {
            let envelope = SOAPEnvelope(version: demo.soapVersion)
            AddressingHeaders(version: .v10, to: parts.appliesTo, action: TokenExchangeDemo.action, messageID: AddressingHeaders.newMessageID())
                .write(to: envelope)
            let security = try! envelope.ensureSecurityHeader()  // a new envelope has no security header to conflict with
            _ = UsernameToken(username: TokenExchangeDemo.username, password: nil).write(into: security)
            envelope.body.addChild("Hello", HelloService.namespace, prefix: "hello")
            return envelope.serialize()
        }

        /// The fault the consumer got instead, for a failure message.
        private static func relayed(_ answer: [UInt8]) -> String {
            guard let envelope = try? SOAPEnvelope(parsing: answer), let fault = try? SOAPFault(envelope: envelope) else { return "" }
            return "; the consumer got the fault \(fault)"
        }
    }
}
