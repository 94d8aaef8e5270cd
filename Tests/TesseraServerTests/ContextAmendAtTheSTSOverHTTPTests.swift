import Foundation
import SOAP
import SecureConversation
import TesseraClient
import TesseraCrypto
import TesseraSamples
import TesseraServer
import Testing
import WSSecurity
import WSTrust
import XMLCore

/// Amend (WS-SC 1.3 §7) of a context the STS of `tessera serve` issued for the echo service,
/// answered at the STS endpoint over loopback HTTP: the claim it adds is the echo service's to
/// see; an Amend from anyone but the context's owner — a requestor that knows the context's
/// Identifier but not its key, or one that secures the Amend with its own context and names
/// another as the target — adds nothing.
@Suite struct ContextAmendAtTheSTSOverHTTPTests {
    typealias Issued = ContextsIssuedByTheSTSOverHTTPTests

    @Test(arguments: [(SecureConversationVersion.v13, SOAPVersion.v12), (.v200502, .v11)])
    func theSTSAmendsAContextItIssuedAndTheEchoServiceSeesTheClaim(_ version: SecureConversationVersion, _ soap: SOAPVersion) async throws {
        try await Issued.serving { harness in
            let (client, transport) = Issued.client(harness, appliesTo: Issued.echoAddress, version: version, soap: soap)
            let context = try await client.establish()
            let claim = TestPKI.credential("service").certificate.subject.description
            let amended = try await client.amend(addingClaimsOf: TestPKI.credential("service"))
            #expect(amended.identifier == context.identifier && amended.instance == context.instance)
            #expect(transport.sentToSTS.contains(version.requestAction(.amend)))
            #expect(try await harness.store.context(identifier: context.identifier)?.claims == [claim])

            let reply = try await client.send(EchoService.request("amended", version: soap), action: EchoService.action)
            #expect(EchoService.reply(in: reply) == EchoService.greeting(identity: Issued.gatewayOwner, claims: [claim], text: "amended"))
            // The amended context still renews at the STS, with its claims.
            try await client.renew()
            #expect(try await harness.store.context(identifier: context.identifier)?.claims == [claim])
        }
    }

    @Test func anAmendFromAnyoneButTheOwnerIsRefusedAndAddsNothing() async throws {
        try await Issued.serving { harness in
            let (owner, _) = Issued.client(harness, appliesTo: Issued.echoAddress)
            let victim = try await owner.establish()
            let saved = try #require(owner.savedContext)

            // The Identifier travels in the clear; the key does not. An Amend under keys derived
            // from another secret fails its signature check.
            let (impostor, impostorTransport) = Issued.client(harness, appliesTo: Issued.echoAddress)
            var forged = saved
            forged.secret = SecureRandom.bytes(32)
            try impostor.resume(forged)
            await #expect { try await impostor.amend(addingClaimsOf: TestPKI.credential("service")) } throws: { error in
                Issued.faultSubcode(error) == "FailedCheck"
            }
            #expect(impostorTransport.sentToSTS.contains(SecureConversationVersion.v13.requestAction(.amend)))

            // Another context's holder secures an Amend with its own context and names the
            // victim's as the target.
            let (other, _) = Issued.client(harness, appliesTo: Issued.echoAddress)
            let own = try await other.establish()
            #expect(own.identifier != victim.identifier)
            let envelope = SOAPEnvelope(version: .v12)
            var rst = RequestSecurityToken(version: .v13, requestType: .issue)
            rst.tokenType = SecureConversationVersion.v13.tokenType
            let holder = XMLDocument(rootLocalName: "Holder", namespace: nil)
            rst.target = SecurityTokenReference.write(saved.token.unattachedReference, into: holder.root)
            rst.write(into: envelope.body)
            await #expect {
                _ = try await other.send(envelope, action: SecureConversationVersion.v13.requestAction(.amend))
            } throws: { Issued.faultSubcode($0) == "InvalidRequest" }

            #expect(try await harness.store.context(identifier: victim.identifier)?.claims == [])
            #expect(try await harness.store.context(identifier: own.identifier)?.claims == [])
            let reply = try await owner.send(EchoService.request("untouched"), action: EchoService.action)
            #expect(EchoService.reply(in: reply) == EchoService.greeting(identity: Issued.gatewayOwner, text: "untouched"))
        }
    }
}
