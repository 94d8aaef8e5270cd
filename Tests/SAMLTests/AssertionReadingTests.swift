import Foundation
import SAML
import Testing
import XMLCore

/// Reading (processing only): schema shape, versions, identifiers and the forms refused.
struct AssertionReadingTests {
    static let header = """
        <saml2:Assertion xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion" \
        ID="uuid-76a197ba-c2e8-4704-97a2-147db7619f2c" IssueInstant="2009-11-08T11:03:20Z" Version="2.0">
        """

    func read(_ body: String, header: String = header) throws -> SAML2.Assertion {
        try SAML2.Assertion(element: try XMLDocument(header + body + "</saml2:Assertion>").root)
    }

    /// The assertion of the token-transformation scenario as an STS returns it.
    @Test func listing3Reads() throws {
        let assertion = try read(
            """
            <saml2:Issuer>STS</saml2:Issuer>
            <saml2:Subject>
              <saml2:NameID NameQualifier="STS">jdoe</saml2:NameID>
              <saml2:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:sender-vouches"/>
            </saml2:Subject>
            <saml2:Conditions NotBefore="2009-11-08T11:03:20.344Z" NotOnOrAfter="2009-11-08T11:09:20.344Z"/>
            """)
        #expect(assertion.id == "uuid-76a197ba-c2e8-4704-97a2-147db7619f2c")
        #expect(assertion.issueInstant == Date(timeIntervalSince1970: 1_257_678_200))
        #expect(assertion.subject?.nameID == SAML2.NameID("jdoe", nameQualifier: "STS"))
        #expect(assertion.subject?.confirmations.map(\.method) == [.senderVouches])
        #expect(assertion.subject?.confirmations.first?.method.kind == .senderVouches)
        let notOnOrAfter = try #require(assertion.conditions?.notOnOrAfter?.timeIntervalSince1970)
        #expect(abs(notOnOrAfter - 1_257_678_560.344) < 0.0005)
    }

    @Test func otherVersionIsUnsupported() throws {
        let header = Self.header.replacingOccurrences(of: #"Version="2.0""#, with: #"Version="2.1""#)
        let error = try #require(throws: SAMLError.self) { try read("<saml2:Issuer>STS</saml2:Issuer>", header: header) }
        #expect(error.code == .unsupported)
    }

    @Test(arguments: [
        ("<saml2:Subject><saml2:NameID>a</saml2:NameID></saml2:Subject><saml2:Issuer>STS</saml2:Issuer>", "Issuer must come first"),
        ("<saml2:Issuer>STS</saml2:Issuer><saml2:Conditions/><saml2:Subject><saml2:NameID>a</saml2:NameID></saml2:Subject>", "Subject before Conditions"),
        ("<saml2:Issuer>STS</saml2:Issuer><saml2:Subject/>", "an empty Subject"),
        ("<saml2:Issuer>STS</saml2:Issuer><saml2:Conditions><saml2:OneTimeUse/><saml2:OneTimeUse/></saml2:Conditions>", "two OneTimeUse"),
        ("<saml2:Issuer>STS</saml2:Issuer><saml2:Conditions><saml2:AudienceRestriction/></saml2:Conditions>", "an AudienceRestriction without Audience"),
        (
            "<saml2:Issuer>STS</saml2:Issuer><saml2:AuthnStatement AuthnInstant=\"2009-11-08T11:03:20Z\"><saml2:AuthnContext><saml2:AuthnContextClassRef>x</saml2:AuthnContextClassRef></saml2:AuthnContext></saml2:AuthnStatement>",
            "a statement without Subject"
        ),
        ("<saml2:Issuer>STS</saml2:Issuer><saml2:Conditions NotOnOrAfter=\"yesterday\"/>", "an unparsable time"),
        ("<saml2:Issuer>STS</saml2:Issuer><saml2:Foo/>", "an unknown element"),
    ])
    func malformedShapesAreRefused(_ body: String, _ what: String) throws {
        let error = try #require(throws: SAMLError.self, "\(what)") { try read(body) }
        #expect(error.code == .malformed, "\(what): \(error)")
    }

    @Test(arguments: [
        "<saml2:Issuer>STS</saml2:Issuer><saml2:Subject><saml2:EncryptedID/></saml2:Subject>",
        "<saml2:Issuer>STS</saml2:Issuer><saml2:Subject><saml2:BaseID/></saml2:Subject>",
        "<saml2:Issuer>STS</saml2:Issuer><saml2:Subject><saml2:NameID>a</saml2:NameID></saml2:Subject><saml2:AuthzDecisionStatement/>",
        "<saml2:Issuer>STS</saml2:Issuer><saml2:Subject><saml2:NameID>a</saml2:NameID></saml2:Subject><saml2:AttributeStatement><saml2:Attribute Name=\"a\"><saml2:AttributeValue><x/></saml2:AttributeValue></saml2:Attribute></saml2:AttributeStatement>",
    ])
    func unsupportedFormsAreRefused(_ body: String) throws {
        let error = try #require(throws: SAMLError.self) { try read(body) }
        #expect(error.code == .unsupported, "\(error)")
    }

    @Test func idThatIsNotAnNCNameIsRefused() throws {
        let header = Self.header.replacingOccurrences(of: "uuid-76a197ba", with: "1uuid:76a197ba")
        let error = try #require(throws: SAMLError.self) { try read("<saml2:Issuer>STS</saml2:Issuer>", header: header) }
        #expect(error.code == .malformed)
        var assertion = Samples.senderVouches()
        assertion.id = "12345"
        #expect(throws: SAMLError.self) { try SAMLAssertionSigner(credential: Fixtures.sts).signedDocument(assertion) }
    }

    /// Attribute values keep their text whatever the declared simple type, and xsi:nil reads as
    /// empty.
    @Test func attributeValuesAreReadAsStrings() throws {
        let assertion = try read(
            """
            <saml2:Issuer>STS</saml2:Issuer><saml2:Subject><saml2:NameID>a</saml2:NameID></saml2:Subject>
            <saml2:AttributeStatement xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xs="http://www.w3.org/2001/XMLSchema">
            <saml2:Attribute Name="age" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:basic" FriendlyName="Age">
            <saml2:AttributeValue xsi:type="xs:integer">42</saml2:AttributeValue><saml2:AttributeValue xsi:nil="true"/>
            <saml2:AttributeValue>a &amp; b</saml2:AttributeValue></saml2:Attribute></saml2:AttributeStatement>
            """)
        let attribute = try #require(assertion.attributeStatements.first?.attributes.first)
        #expect(attribute.values == ["42", "", "a & b"])
        #expect(attribute.nameFormat == .basic)
        #expect(attribute.friendlyName == "Age")
    }

    @Test func eitherVersionIsRecognised() throws {
        let v2 = try SAMLAssertion(element: try Samples.senderVouches().makeDocument().root)
        let v1 = try SAMLAssertion(element: try Samples.saml11().makeDocument().root)
        guard case .saml20 = v2, case .saml11 = v1 else {
            Issue.record("versions not told apart")
            return
        }
        let error = try #require(throws: SAMLError.self) { try SAMLAssertion(element: try XMLDocument("<Assertion/>").root) }
        #expect(error.code == .unsupported)
    }
}

extension AssertionReadingTests {
    /// A comment inside a signed NameID must not truncate it: exclusive C14N without comments
    /// signs both text nodes, and the model reads both (the 2018 "comment truncation" flaw).
    @Test func commentInsideNameIDDoesNotTruncateIt() throws {
        let assertion = try read(
            """
            <saml2:Issuer>STS</saml2:Issuer><saml2:Subject><saml2:NameID>admin@tessera.test<!---->.evil.example</saml2:NameID></saml2:Subject>
            """)
        #expect(assertion.subject?.nameID?.value == "admin@tessera.test.evil.example")
    }
}
