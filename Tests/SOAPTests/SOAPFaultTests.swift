import SOAP
import Testing
import XMLCore

@Suite("SOAPFault")
struct SOAPFaultTests {
    static let specCodes: [SecurityFaultCode] = [
        WSSFaultCode.invalidSecurity, WSSFaultCode.failedAuthentication, WSSFaultCode.messageExpired,
        OtherSpecificationFaultCodes.invalidRequest, OtherSpecificationFaultCodes.badRequest200502, OtherSpecificationFaultCodes.badContextToken,
    ]

    @Test("A spec fault survives build, serialize and parse in SOAP 1.1", arguments: specCodes)
    func roundTrip11(code: SecurityFaultCode) throws {
        let fault = SOAPFault(code)
        let bytes = fault.envelope(.v11).serialize()
        let parsed = try SOAPFault(envelope: try SOAPEnvelope(parsing: bytes))
        #expect(parsed == fault)
        #expect(parsed.subcode == code.name)
        #expect(parsed.reason == code.defaultReason)
        #expect(parsed.securityFaultCode == code)
    }

    @Test("A spec fault survives build, serialize and parse in SOAP 1.2", arguments: specCodes)
    func roundTrip12(code: SecurityFaultCode) throws {
        let fault = SOAPFault(code, reason: "Fixed text")
        let bytes = fault.envelope(.v12).serialize()
        let parsed = try SOAPFault(envelope: try SOAPEnvelope(parsing: bytes))
        #expect(parsed == fault)
        #expect(parsed.code == .sender)
        #expect(parsed.subcode == code.name)
        #expect(parsed.reason == "Fixed text")
    }

    @Test("SOAP codes without a subcode round-trip", arguments: SOAPVersion.allCases, [SOAPFault.Code.sender, .receiver, .versionMismatch, .mustUnderstand])
    func soapCodes(version: SOAPVersion, code: SOAPFault.Code) throws {
        let fault = SOAPFault(code: code, reason: "Reason", role: "urn:gateway")
        let parsed = try SOAPFault(envelope: try SOAPEnvelope(parsing: fault.envelope(version).serialize()))
        #expect(parsed == fault)
    }

    @Test("SOAP 1.1 writes the spec code as a prefixed faultcode with its namespace declared")
    func wire11() throws {
        let xml = SOAPFault(WSSFaultCode.failedAuthentication).envelope(.v11).serialize().string
        #expect(
            xml.contains(
                #"<faultcode xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd">wsse:FailedAuthentication</faultcode>"#
            ))
        #expect(xml.contains("<faultstring>The security token could not be authenticated or authorized</faultstring>"))
        #expect(!xml.contains("faultactor"))
        #expect(!xml.contains("detail"))
    }

    @Test("SOAP 1.2 writes Sender, the spec code as Subcode, and an English Reason")
    func wire12() throws {
        let envelope = SOAPFault(OtherSpecificationFaultCodes.invalidRequest).envelope(.v12)
        let fault = try #require(envelope.bodyPayload)
        #expect(fault.is("Fault", NS.soap12))
        let code = try #require(fault.firstChild("Code", NS.soap12))
        #expect(try code.firstChild("Value", NS.soap12).map { try $0.resolveQName($0.text) } == QName(NS.soap12, "Sender"))
        let subcode = try #require(code.firstChild("Subcode", NS.soap12)?.firstChild("Value", NS.soap12))
        #expect(try subcode.resolveQName(subcode.text) == QName(NS.trust13, "InvalidRequest"))
        #expect(subcode.text.hasPrefix("wst:"))
        let text = try #require(fault.firstChild("Reason", NS.soap12)?.firstChild("Text", NS.soap12))
        #expect(text.attribute("lang", "http://www.w3.org/XML/1998/namespace") == "en")
        #expect(text.text == "The request was invalid or malformed")
        #expect(fault.children.map(\.localName) == ["Code", "Reason"])
    }

    @Test("A subcode in a namespace no spec names gets a generated prefix")
    func generatedPrefix() throws {
        let envelope = SOAPFault(code: .sender, subcode: QName("urn:custom", "Oops"), reason: "r").envelope(.v11)
        #expect(envelope.serialize().string.contains(#"<faultcode xmlns:ns1="urn:custom">ns1:Oops</faultcode>"#))
        let parsed = try SOAPFault(envelope: try SOAPEnvelope(parsing: envelope.serialize()))
        #expect(parsed.subcode == QName("urn:custom", "Oops"))
        // The code as the sender wrote it: any namespaced subcode is a specification's code.
        #expect(parsed.securityFaultCode?.description == "ns1:Oops")
        #expect(SOAPFault(code: .sender, subcode: QName(nil, "Oops"), reason: "r").securityFaultCode == nil)
    }

    @Test("A SOAP 1.1 fault as WSS4J sends it is read, including wsse:MessageExpired")
    func wss4jStyle11() throws {
        let envelope = try parseEnvelope(
            """
            <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault>
            <faultcode xmlns:ns1="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd">ns1:MessageExpired</faultcode>
            <faultstring>The message has expired (WSSecurityEngine: Invalid timestamp)</faultstring>
            <detail><stack>internal</stack></detail>
            </soap:Fault></soap:Body></soap:Envelope>
            """)
        let fault = try SOAPFault(envelope: envelope)
        #expect(fault.code == .sender)
        #expect(fault.subcode == QName(NS.wsse, "MessageExpired"))
        #expect(fault.securityFaultCode == WSSFaultCode.messageExpiredInSecext)
        #expect(fault.reason.hasPrefix("The message has expired"))
        #expect(fault.role == nil)
    }

    @Test("A SOAP 1.1 dotted code reads as its base code")
    func dotted11() throws {
        let envelope = try parseEnvelope(
            """
            <s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault>
            <faultcode>s:Server.Database</faultcode><faultstring>x</faultstring><faultactor>urn:a</faultactor>
            </s:Fault></s:Body></s:Envelope>
            """)
        let fault = try SOAPFault(envelope: envelope)
        #expect(fault.code == .receiver)
        #expect(fault.subcode == nil)
        #expect(fault.role == "urn:a")
    }

    @Test("A SOAP 1.2 fault keeps the first subcode and prefers the English reason")
    func nested12() throws {
        let envelope = try parseEnvelope(
            """
            <e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"><e:Body><e:Fault>
            <e:Code><e:Value>e:Receiver</e:Value><e:Subcode><e:Value xmlns:a="urn:app">a:Outer</e:Value>
            <e:Subcode><e:Value xmlns:a="urn:app">a:Inner</e:Value></e:Subcode></e:Subcode></e:Code>
            <e:Reason><e:Text xml:lang="fr">Échec</e:Text><e:Text xml:lang="en-US">Failure</e:Text></e:Reason>
            <e:Role>urn:role</e:Role>
            </e:Fault></e:Body></e:Envelope>
            """)
        let fault = try SOAPFault(envelope: envelope)
        #expect(fault == SOAPFault(code: .receiver, subcode: QName("urn:app", "Outer"), reason: "Failure", role: "urn:role"))
    }

    @Test("A body that carries no Fault is not a fault")
    func notAFault() throws {
        let envelope = try parseEnvelope(Listings.listing2)
        #expect(throws: SOAPError(.notAFault, "")) { try SOAPFault(envelope: envelope) }
        #expect(throws: SOAPError(.notAFault, "")) { try SOAPFault(envelope: SOAPEnvelope(version: .v12)) }
    }

    @Test(
        "Faults without a valid code are refused",
        arguments: [
            // SOAP 1.1 without faultcode
            envelope11("<s:Body><s:Fault><faultstring>x</faultstring></s:Fault></s:Body>"),
            // SOAP 1.1 with an undeclared prefix
            envelope11("<s:Body><s:Fault><faultcode>nope:Thing</faultcode></s:Fault></s:Body>"),
            // SOAP 1.1 with an unknown code in the envelope namespace
            envelope11("<s:Body><s:Fault><faultcode>s:Broken</faultcode></s:Fault></s:Body>"),
            // SOAP 1.2 without Code/Value
            envelope12("<s:Body><s:Fault><s:Reason><s:Text xml:lang='en'>x</s:Text></s:Reason></s:Fault></s:Body>"),
            // SOAP 1.2 whose Code/Value is not a SOAP code (the subcode is put in its place)
            envelope12("<s:Body><s:Fault><s:Code><s:Value>wsse:InvalidSecurity</s:Value></s:Code></s:Fault></s:Body>"),
            // SOAP 1.2 with an empty Subcode/Value
            envelope12("<s:Body><s:Fault><s:Code><s:Value>s:Sender</s:Value><s:Subcode><s:Value/></s:Subcode></s:Code></s:Fault></s:Body>"),
        ])
    func invalidFaults(xml: String) throws {
        let envelope = try parseEnvelope(xml)
        #expect(throws: SOAPError(.invalidFault, "")) { try SOAPFault(envelope: envelope) }
    }

    @Test("The fault envelope is a valid envelope with the fault as its only payload", arguments: SOAPVersion.allCases)
    func faultEnvelopeShape(version: SOAPVersion) throws {
        let envelope = SOAPFault(WSSFaultCode.invalidSecurity).envelope(version)
        try envelope.validate()
        #expect(envelope.body.children.count == 1)
        #expect(envelope.bodyPayload?.is("Fault", version.namespace) == true)
    }

    @Test("SOAP 1.1 cannot carry both a receiver code and a subcode: it reads back as a sender fault")
    func receiverWithSubcode11() throws {
        let fault = SOAPFault(code: .receiver, subcode: OtherSpecificationFaultCodes.requestFailed.name, reason: "r")
        let parsed11 = try SOAPFault(envelope: try SOAPEnvelope(parsing: fault.envelope(.v11).serialize()))
        #expect(parsed11.code == .sender)
        #expect(parsed11.subcode == fault.subcode)
        let parsed12 = try SOAPFault(envelope: try SOAPEnvelope(parsing: fault.envelope(.v12).serialize()))
        #expect(parsed12 == fault)
    }
}
