import SOAP
import Testing
import XMLCore

@Suite("SOAPEnvelope security headers")
struct SOAPEnvelopeSecurityHeaderTests {
    @Test("Listing 1's Security header has no actor and is found for the ultimate receiver")
    func listing1() throws {
        let envelope = try parseEnvelope(Listings.listing1)
        let security = try #require(try envelope.securityHeader())
        #expect(security.is("Security", NS.wsse))
        #expect(envelope.role(of: security) == .ultimateReceiver)
        #expect(try envelope.securityHeaders().count == 1)
        let username = security.firstChild("UsernameToken", NS.wsse)?.firstChild("Username", NS.wsse)
        #expect(username?.trimmedText == "jdoe")
    }

    @Test("Listing 2's Security header is found in a SOAP 1.2 envelope")
    func listing2() throws {
        let envelope = try parseEnvelope(Listings.listing2)
        let headers = try envelope.securityHeaders()
        #expect(headers.count == 1)
        #expect(headers.first?.firstChild("BinarySecurityToken", NS.wsse)?.attribute("Id", NS.wsu) == "SecurityToken-id")
    }

    @Test("Two Security headers without a role are refused", arguments: SOAPVersion.allCases)
    func twoForUltimateReceiver(version: SOAPVersion) throws {
        let envelope = try parseEnvelope(wrapEnvelope(version, "<s:Header><wsse:Security/><wsse:Security/></s:Header><s:Body/>"))
        #expect(throws: SOAPError(.duplicateSecurityHeader, "")) { try envelope.securityHeaders() }
        #expect(throws: SOAPError(.duplicateSecurityHeader, "")) { try envelope.securityHeader() }
    }

    @Test("An explicit ultimateReceiver role and an absent role are the same role in SOAP 1.2")
    func explicitUltimateReceiver() throws {
        let envelope = try parseEnvelope(
            envelope12(
                "<s:Header><wsse:Security/><wsse:Security s:role='http://www.w3.org/2003/05/soap-envelope/role/ultimateReceiver'/></s:Header><s:Body/>"))
        #expect(throws: SOAPError(.duplicateSecurityHeader, "")) { try envelope.securityHeaders() }
    }

    @Test("Two Security headers for the same named actor are refused even when we do not play it")
    func twoForOtherActor() throws {
        let envelope = try parseEnvelope(
            envelope11(
                "<s:Header><wsse:Security s:actor='urn:gateway'/><wsse:Security s:actor='urn:gateway'/></s:Header><s:Body/>"))
        #expect(throws: SOAPError(.duplicateSecurityHeader, "")) { try envelope.securityHeaders(actingAs: [.ultimateReceiver]) }
    }

    @Test("Headers for different roles are kept apart; only ours are returned")
    func rolesSelectHeaders() throws {
        let envelope = try parseEnvelope(
            envelope11(
                """
                <s:Header>
                  <wsse:Security s:actor='urn:gateway'><wsse:UsernameToken/></wsse:Security>
                  <wsse:Security><wsse:BinarySecurityToken/></wsse:Security>
                  <wsse:Security s:actor='http://schemas.xmlsoap.org/soap/actor/next'/>
                </s:Header><s:Body/>
                """))
        let ours = try envelope.securityHeaders()
        #expect(ours.count == 2)
        #expect(ours.map { envelope.role(of: $0) } == [.ultimateReceiver, .next])
        let ultimate = try #require(try envelope.securityHeader())
        #expect(ultimate.firstChild("BinarySecurityToken", NS.wsse) != nil)
        let gateway = try #require(try envelope.securityHeader(for: .named("urn:gateway")))
        #expect(gateway.firstChild("UsernameToken", NS.wsse) != nil)
        #expect(try envelope.securityHeaders(actingAs: [.named("urn:gateway")]) == [gateway])
        #expect(try envelope.securityHeadersByRole().map(\.role) == [.named("urn:gateway"), .ultimateReceiver, .next])
    }

    @Test("A role attribute spelled for the other SOAP version is no role")
    func otherVersionRoleAttribute() throws {
        // In SOAP 1.1 only soap11:actor targets a block; a SOAP 1.2 role attribute is ignored,
        // so this block is the ultimate receiver's and collides with the other one.
        let envelope = try parseEnvelope(
            envelope11(
                """
                <s:Header><wsse:Security/>
                <wsse:Security xmlns:s12='http://www.w3.org/2003/05/soap-envelope' s12:role='urn:elsewhere'/>
                </s:Header><s:Body/>
                """))
        #expect(throws: SOAPError(.duplicateSecurityHeader, "")) { try envelope.securityHeaders() }
    }

    @Test("Security elements in other namespaces or outside the Header are not security headers")
    func notSecurityHeaders() throws {
        let envelope = try parseEnvelope(
            envelope12(
                """
                <s:Header><o:Security xmlns:o='http://schemas.xmlsoap.org/ws/2002/07/secext'/></s:Header>
                <s:Body><wsse:Security/></s:Body>
                """))
        #expect(try envelope.securityHeaders().isEmpty)
    }

    @Test("ensureSecurityHeader creates one marked mustUnderstand, then finds it", arguments: SOAPVersion.allCases)
    func ensureSecurityHeader(version: SOAPVersion) throws {
        let envelope = SOAPEnvelope(version: version)
        let created = try envelope.ensureSecurityHeader()
        #expect(try envelope.ensureSecurityHeader() == created)
        let forGateway = try envelope.ensureSecurityHeader(for: .named("urn:gateway"), mustUnderstand: false)
        #expect(forGateway != created)

        let reread = try SOAPEnvelope(parsing: envelope.serialize())
        let byRole = try reread.securityHeadersByRole()
        #expect(byRole.map(\.role) == [.ultimateReceiver, .named("urn:gateway")])
        #expect(try reread.mustUnderstand(byRole[0].header))
        #expect(try !reread.mustUnderstand(byRole[1].header))
        #expect(byRole[1].header.attribute(version.roleAttributeName, version.namespace) == "urn:gateway")
    }
}

@Suite("SOAPRole")
struct SOAPRoleTests {
    @Test("Attribute values map to roles per version")
    func fromAttribute() {
        #expect(SOAPRole(attributeValue: nil, version: .v11) == .ultimateReceiver)
        #expect(SOAPRole(attributeValue: "  ", version: .v12) == .ultimateReceiver)
        #expect(SOAPRole(attributeValue: "http://www.w3.org/2003/05/soap-envelope/role/ultimateReceiver", version: .v12) == .ultimateReceiver)
        #expect(SOAPRole(attributeValue: "http://schemas.xmlsoap.org/soap/actor/next", version: .v11) == .next)
        #expect(SOAPRole(attributeValue: "http://www.w3.org/2003/05/soap-envelope/role/next", version: .v12) == .next)
        // The SOAP 1.2 next URI means nothing special in a SOAP 1.1 envelope.
        #expect(
            SOAPRole(attributeValue: "http://www.w3.org/2003/05/soap-envelope/role/next", version: .v11)
                == .named("http://www.w3.org/2003/05/soap-envelope/role/next"))
    }

    @Test("Roles write back as each version spells them")
    func toAttribute() {
        #expect(SOAPRole.ultimateReceiver.attributeValue(for: .v12) == nil)
        #expect(SOAPRole.next.attributeValue(for: .v11) == "http://schemas.xmlsoap.org/soap/actor/next")
        #expect(SOAPRole.next.attributeValue(for: .v12) == "http://www.w3.org/2003/05/soap-envelope/role/next")
        #expect(SOAPRole.named("urn:x").attributeValue(for: .v11) == "urn:x")
    }
}
