import Foundation
import SOAP
import SecureConversation
import Testing
import WSSecurity
import XMLCore
import XMLSecurity

/// A message secured with a context declares the prefixes of its security header, of its
/// addressing headers and their `wsu:Id` and of the Body's EncryptedData once, on the Envelope,
/// and still verifies (the Signature, written in its exclusive canonical form, declares the
/// prefixes it uses itself); an Envelope that binds one of those prefixes otherwise keeps its
/// binding.
@Suite struct HeaderNamespaceDeclarationTests {
    let clock = TestClock()

    func exchange(_ request: SOAPEnvelope) async throws -> (request: [UInt8], response: SOAPEnvelope) {
        let transport = RecordingTransport(service: Fixtures.helloService(Fixtures.serviceConfiguration(clock: clock)))
        let client = SecureConversationClient(configuration: Fixtures.clientConfiguration(version: .v13, clock: clock), transport: transport)
        try await client.establish()
        let response = try await client.send(request, action: Fixtures.helloAction)
        #expect(Fixtures.greeting(response)?.hasPrefix("Hello, prefixes") == true)
        return (try #require(transport.requests.last), response)
    }

    static func occurrences(of text: String, in message: String) -> Int {
        message.components(separatedBy: text).count - 1
    }

    @Test func eachPrefixIsDeclaredOnceOnTheEnvelope() async throws {
        let (sent, _) = try await exchange(Fixtures.hello("prefixes"))
        let whole = String(decoding: sent, as: UTF8.self)
        let envelopeTag = try #require(whole.split(separator: ">", maxSplits: 1).first)
        let signatureStart = try #require(whole.range(of: "<ds:Signature "))
        let signatureEnd = try #require(whole.range(of: "</ds:Signature>"))
        let signature = String(whole[signatureStart.lowerBound..<signatureEnd.upperBound])
        #expect(Self.occurrences(of: "xmlns:", in: signature) == 2)
        #expect(signature.hasPrefix(#"<ds:Signature xmlns:ds="\#(XMLSecurityNamespace.ds)""#))
        #expect(signature.contains(#"<wsse:SecurityTokenReference xmlns:wsse="\#(WSSNamespace.secext)">"#))
        let message = whole.replacingCharacters(in: signatureStart.lowerBound..<signatureEnd.upperBound, with: "")
        for (prefix, uri) in [
            ("wsu", WSSNamespace.utility), ("wsse", WSSNamespace.secext), ("wsc", SecureConversationVersion.v13.namespace),
            ("ds", XMLSecurityNamespace.ds), ("xenc", XMLSecurityNamespace.xenc), ("wsa", WSAddressingVersion.v10.namespace),
        ] {
            #expect(Self.occurrences(of: "xmlns:\(prefix)=", in: message) == 1, "\(prefix) is declared more than once")
            #expect(envelopeTag.contains(#"xmlns:\#(prefix)="\#(uri)""#))
        }
        #expect(Self.occurrences(of: "wsu:Id=", in: message) >= 7, "Timestamp, two DerivedKeyTokens, Body and the addressing headers")
    }

    @Test func anEnvelopeBindingAPrefixToAnotherNamespaceKeepsIt() async throws {
        let request = Fixtures.hello("prefixes")
        request.envelope.declareNamespace(prefix: "wsu", uri: "urn:not-the-utility-namespace")
        let (sent, _) = try await exchange(request)
        let received = try SOAPEnvelope(parsing: sent)
        #expect(received.envelope.namespaceURI(forPrefix: "wsu") == "urn:not-the-utility-namespace")
        #expect(received.body.attribute("Id", WSSNamespace.utility) != nil)
        #expect(try received.securityHeader()?.firstChild("Timestamp", WSSNamespace.utility)?.attribute("Id", WSSNamespace.utility) != nil)
    }
}
