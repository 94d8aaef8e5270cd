import Foundation
import SAML
import SOAP
import Testing
import WSSecurity
import WSTrust
import XMLCore
@testable import STS
import TesseraTestSupport

/// The exchange of the token-transformation scenario through the whole service, judged by
/// independent implementations: the gateway's signed Listing 2 request gets a response whose
/// message signature signxml verifies (Body and Timestamp, pinned to the STS certificate), and
/// whose sender-vouches assertion, cut out byte for byte as the gateway forwards it, passes signxml
/// and pysaml2's relying-party checks (signature, audience, time). A changed NameID fails both.
@Suite(.tags(.interop), .enabled(if: Interop.python != nil, "TESSERA_PYTHON is not set (run scripts/test); pysaml2 also needs /usr/bin/xmlsec1"))
struct TokenTransformationInteropTests {
    static let soap12 = SOAPVersion.v12.namespace

    /// The response to the gateway's Listing 2 request (jdoe on behalf of the consumer).
    static func response() async throws -> (response: SOAPEnvelope, assertion: XMLElement) {
        let harness = STSHarness(now: Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down)))
        var request = TestRequest()
        request.onBehalfOf = TestTokens.username("jdoe")
        let response = try await harness.send(try request.envelope(.signed(TestPKI.gateway), at: harness.now))
        let reparsed = try SOAPEnvelope(parsing: response.serialize())
        return (reparsed, try #require(try STSHarness.rstr(reparsed).requestedSecurityToken))
    }

    @Test func responseMessageSignatureVerifiesWithSignxml() async throws {
        let (response, _) = try await Self.response()
        let file = try Interop.temporaryFile(response.serialize(), suffix: ".xml")
        defer { try? FileManager.default.removeItem(atPath: file) }
        let result = try await Interop.run(
            "signxml_verify.py",
            [
                file, TestPKI.path("sts.cert.pem"), "--expect-references", "6",
                "--location", "./{\(Self.soap12)}Header/{\(WSSNamespace.secext)}Security/",
            ])
        #expect(result.status == 0, "\(result.stderr.prefix(2000))")
        // Body, Timestamp and the reply's addressing headers: RelatesTo ties it to the request.
        let wsa = WSAddressingVersion.v10.namespace
        #expect(
            Set(result.stdout.split(separator: "\n").map(String.init))
                == [
                    "{\(Self.soap12)}Body", "{\(WSSNamespace.utility)}Timestamp",
                    "{\(wsa)}Action", "{\(wsa)}MessageID", "{\(wsa)}RelatesTo", "{\(wsa)}To",
                ], "\(result.stdout)")
    }

    @Test func forwardedAssertionPassesSignxmlAndPySAML2() async throws {
        let (response, assertion) = try await Self.response()
        let bytes = response.document.serialize(assertion)
        let file = try Interop.temporaryFile(bytes, suffix: ".xml")
        defer { try? FileManager.default.removeItem(atPath: file) }

        let signxml = try await Interop.run("signxml_verify.py", [file, TestPKI.path("sts.cert.pem"), "--id-attribute", "ID"])
        #expect(signxml.status == 0, "\(signxml.stderr.prefix(2000))")
        let pysaml2 = try await Interop.run(
            "pysaml2_check.py",
            [
                file, TestPKI.path("sts.cert.pem"), STSHarness.hello,
                "--timeslack", "60", "--xmlsec1", "/usr/bin/xmlsec1",
            ])
        #expect(pysaml2.status == 0, "\(pysaml2.stderr.prefix(2000))")
        #expect(pysaml2.stdout.hasPrefix("OK "), "\(pysaml2.stdout)")

        let tampered = String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: ">jdoe<", with: ">root<")
        try #require(tampered != String(decoding: bytes, as: UTF8.self), "the NameID jdoe is not in the assertion")
        let tamperedFile = try Interop.temporaryFile(Array(tampered.utf8), suffix: ".xml")
        defer { try? FileManager.default.removeItem(atPath: tamperedFile) }
        let refused = try await Interop.run("signxml_verify.py", [tamperedFile, TestPKI.path("sts.cert.pem"), "--id-attribute", "ID"])
        #expect(refused.status == 1, "signxml accepted a changed NameID")
        let refusedSAML = try await Interop.run(
            "pysaml2_check.py",
            [
                tamperedFile, TestPKI.path("sts.cert.pem"), STSHarness.hello,
                "--timeslack", "60", "--xmlsec1", "/usr/bin/xmlsec1",
            ])
        #expect(refusedSAML.status == 1, "pysaml2 accepted a changed NameID")
    }
}
