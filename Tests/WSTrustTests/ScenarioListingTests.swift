import Foundation
import SOAP
import Testing
import XMLCore
@testable import WSTrust

/// The RST and RSTR of the token-transformation scenario (docs/scenarios.md), with the elided
/// namespaces written out and its unclosed TokenType closed.
struct ScenarioListingTests {
    static let wsse = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
    static let wsu = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"

    static let listing2Body = """
        <S:Envelope xmlns:S="http://www.w3.org/2003/05/soap-envelope" xmlns:wsse="\(wsse)"><S:Body>
        <RequestSecurityToken xmlns="http://docs.oasis-open.org/ws-sx/ws-trust/200512"
         xmlns:wsa="http://www.w3.org/2005/08/addressing" xmlns:pol="http://schemas.xmlsoap.org/ws/2004/09/policy">
          <RequestType>http://docs.oasis-open.org/ws-sx/ws-trust/200512/Issue</RequestType>
          <pol:AppliesTo><wsa:EndpointReference><wsa:Address>http://testHost/HelloService</wsa:Address></wsa:EndpointReference></pol:AppliesTo>
          <OnBehalfOf><wsse:UsernameToken xmlns:wsse="\(wsse)"><wsse:Username>jdoe</wsse:Username></wsse:UsernameToken></OnBehalfOf>
          <TokenType>http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLV2.0</TokenType>
        </RequestSecurityToken></S:Body></S:Envelope>
        """

    @Test func listing2ParsesIntoATypedRequest() throws {
        let envelope = try SOAPEnvelope(parsing: Array(Self.listing2Body.utf8))
        let rst = try RequestSecurityToken(element: try #require(envelope.bodyPayload))
        #expect(rst.version == .v13)
        #expect(rst.requestType == .issue)
        #expect(rst.appliesTo?.address == "http://testHost/HelloService")
        #expect(rst.tokenType == .saml20)
        let onBehalfOf = try #require(rst.onBehalfOf)
        #expect(onBehalfOf.is("UsernameToken", Self.wsse))
        #expect(onBehalfOf.firstChild("Username", Self.wsse)?.text == "jdoe")
    }

    static let listing3Body = """
        <trust:RequestSecurityTokenResponseCollection xmlns:wsse="\(wsse)" xmlns:wsu="\(wsu)"
          xmlns:wsp="http://schemas.xmlsoap.org/ws/2004/09/policy" xmlns:wsa="http://www.w3.org/2005/08/addressing"
          xmlns:trust="http://docs.oasis-open.org/ws-sx/ws-trust/200512">
          <trust:RequestSecurityTokenResponse>
            <trust:TokenType>
        http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLV2.0</trust:TokenType>
            <trust:RequestedSecurityToken>
              <saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="uuid-76a197ba-c2e8-4704-97a2-147db7619f2c"
               IssueInstant="2009-11-08T11:03:20Z" Version="2.0"><saml:Subject><saml:NameID NameQualifier="STS">jdoe</saml:NameID>
               <saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:sender-vouches"/></saml:Subject></saml:Assertion>
            </trust:RequestedSecurityToken>
            <trust:RequestedAttachedReference><wsse:SecurityTokenReference>
              <wsse:KeyIdentifier ValueType="http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLID">uuid-76a197ba-c2e8-4704-97a2-147db7619f2c</wsse:KeyIdentifier>
            </wsse:SecurityTokenReference></trust:RequestedAttachedReference>
            <wsp:AppliesTo><wsa:EndpointReference><wsa:Address> http://testHost/HelloService</wsa:Address></wsa:EndpointReference></wsp:AppliesTo>
            <trust:Lifetime><wsu:Created>2009-11-08T11:03:20.344Z</wsu:Created><wsu:Expires>2009-11-08T11:09:20.344Z</wsu:Expires></trust:Lifetime>
          </trust:RequestSecurityTokenResponse>
        </trust:RequestSecurityTokenResponseCollection>
        """

    @Test func listing3ParsesWithMillisecondLifetime() throws {
        let document = try XMLDocument(parsing: Array(Self.listing3Body.utf8))
        let collection = try RequestSecurityTokenResponseCollection(element: document.root)
        let rstr = try #require(collection.responses.first)
        #expect(collection.responses.count == 1)
        #expect(rstr.tokenType == .saml20)
        #expect(rstr.requestedSecurityToken?.attribute("ID") == "uuid-76a197ba-c2e8-4704-97a2-147db7619f2c")
        #expect(rstr.requestedAttachedReference?.localName == "SecurityTokenReference")
        #expect(rstr.appliesTo?.address == "http://testHost/HelloService")
        let lifetime = try #require(rstr.lifetime)
        let created = try #require(lifetime.created), expires = try #require(lifetime.expires)
        #expect(abs(expires.timeIntervalSince(created) - 360) < 0.0005)
        #expect(abs(created.timeIntervalSince1970.truncatingRemainder(dividingBy: 1) - 0.344) < 0.0005)
    }
}
