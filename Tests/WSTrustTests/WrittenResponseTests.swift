import Foundation
import SOAP
import Testing
import XMLCore

@testable import WSTrust

/// The final Issue response written as bytes (``RequestSecurityTokenResponse/writtenFinalIssueResponse()``)
/// is, in a Body, what the tree response with copies of its token and references is once
/// canonicalized, and reads back field for field.
@Suite struct WrittenResponseTests {
    static let assertionNamespace = "urn:oasis:names:tc:SAML:2.0:assertion"

    /// An element as an issuer writes it.
    static func written(_ localName: StaticString, prefix: String, uri: String, id: String) throws -> VerbatimElement {
        let namespace = CanonicalXMLWriter.Namespace(prefix: prefix, uri: uri)
        var writer = CanonicalXMLWriter()
        writer.startElement(localName, namespace)
        try writer.attribute("ID", id)
        try writer.element("Inner", namespace, text: "x & <y>")
        writer.endElement()
        return try VerbatimElement(written: writer)
    }

    static func response(_ version: WSTrustVersion, policy: String) throws -> RequestSecurityTokenResponse {
        var response = RequestSecurityTokenResponse(version: version)
        response.context = "ctx \"1\""
        response.tokenType = .saml20
        response.requestedVerbatimToken = try written("Assertion", prefix: "saml2", uri: assertionNamespace, id: "_a1")
        let reference = try written("SecurityTokenReference", prefix: "wsse", uri: WSSNamespace.secext, id: "r1")
        response.requestedVerbatimAttachedReference = reference
        response.requestedVerbatimUnattachedReference = reference
        response.appliesTo = AppliesTo(address: "http://testHost/HelloService?a=1&b=2", policyNamespace: policy)
        let created = Date(timeIntervalSince1970: 1_893_456_000.25)
        response.lifetime = Lifetime(created: created, expires: created.addingTimeInterval(300))
        response.keySize = 256
        response.keyType = .bearer
        return response
    }

    @Test(arguments: [(WSTrustVersion.v13, AppliesTo.wsp200409), (.v200502, AppliesTo.wsp15)])
    func writtenIsTheTreeResponseCanonicalized(_ version: WSTrustVersion, policy: String) throws {
        let response = try Self.response(version, policy: policy)
        let written = try #require(response.writtenFinalIssueResponse())
        var tree = response
        tree.requestedVerbatimToken = nil
        tree.requestedVerbatimAttachedReference = nil
        tree.requestedVerbatimUnattachedReference = nil
        tree.requestedSecurityToken = try #require(response.requestedVerbatimToken).parsedElement
        tree.requestedAttachedReference = try #require(response.requestedVerbatimAttachedReference).parsedElement
        tree.requestedUnattachedReference = tree.requestedAttachedReference

        let placed = SOAPEnvelope(version: .v12)
        let placeholder = response.writeFinalIssueResponse(into: placed.body)
        #expect(placeholder.children.isEmpty)
        let built = SOAPEnvelope(version: .v12)
        let payload = tree.writeFinalIssueResponse(into: built.body)
        #expect(!payload.children.isEmpty)
        #expect(try placed.document.canonicalize(placed.body, method: .exclusive) == built.document.canonicalize(built.body, method: .exclusive))
        #expect(written.bytes == (try built.document.canonicalize(payload, method: .exclusive)))

        let received = try SOAPEnvelope(parsing: placed.serialize())
        let element = try #require(received.bodyPayload)
        let read =
            try version == .v13
            ? #require(try RequestSecurityTokenResponseCollection(element: element).responses.first) : RequestSecurityTokenResponse(element: element)
        #expect(read.version == version && read.context == response.context && read.tokenType == .saml20)
        #expect(read.appliesTo == response.appliesTo && read.lifetime == response.lifetime)
        #expect(read.keySize == 256 && read.keyType == .bearer)
        #expect(read.requestedSecurityToken?.attribute("ID") == "_a1")
        #expect(read.requestedAttachedReference?.attribute("ID") == "r1" && read.requestedUnattachedReference?.attribute("ID") == "r1")
    }

    @Test func whatOnlyTheTreeWritersBuildIsLeftToThem() throws {
        var withProof = try Self.response(.v13, policy: AppliesTo.wsp200409)
        withProof.requestedProofToken = .computedKey("http://docs.oasis-open.org/ws-sx/ws-trust/200512/CK/PSHA1")
        #expect(withProof.writtenFinalIssueResponse() == nil)
        var withStatus = try Self.response(.v13, policy: AppliesTo.wsp200409)
        withStatus.status = .init(valid: true)
        #expect(withStatus.writtenFinalIssueResponse() == nil)
        var withElement = try Self.response(.v13, policy: AppliesTo.wsp200409)
        withElement.requestedSecurityToken = try #require(withElement.requestedVerbatimToken).parsedElement
        #expect(withElement.writtenFinalIssueResponse() == nil)
        var withBadText = try Self.response(.v13, policy: AppliesTo.wsp200409)
        withBadText.context = "a\u{1}"
        #expect(withBadText.writtenFinalIssueResponse() == nil)
    }
}
