import Foundation
import SOAP
import SecurityCore
import Testing
import TesseraTestSupport
import WSSecurity
import X509
import XMLCore

/// A SecurityTokenReference written without a tree (``SecurityTokenReference/written(_:tokenType:)``)
/// is the canonical form of the one ``SecurityTokenReference/write(_:into:tokenType:)`` builds,
/// byte for byte, and reads back as the same reference.
@Suite struct SecurityTokenReferenceWrittenTests {
    static var forms: [(SecurityTokenReference.Form, String?)] {
        [
            (.keyIdentifier(valueType: WSSURI.samlV20ID, value: Array("_a1b2".utf8), text: "_a1b2"), WSSURI.samlV20TokenType),
            (.keyIdentifier(valueType: WSSURI.samlV11ID, value: Array("_c3".utf8), text: "_c3"), WSSURI.samlV11TokenType),
            (.keyIdentifier(valueType: WSSURI.thumbprintSHA1, value: Array(0..<20), text: ""), nil),
            (.reference(uri: "#UsernameToken-1", valueType: WSSURI.usernameToken), nil),
            (.reference(uri: "urn:uuid:context & <more>", valueType: nil), "urn:token\"type"),
        ]
    }

    @Test(arguments: 0..<5)
    func writtenIsTheTreeReferenceCanonicalized(_ index: Int) throws {
        let (form, tokenType) = Self.forms[index]
        let written = try #require(SecurityTokenReference.written(form, tokenType: tokenType))
        let holder = XMLDocument(rootLocalName: "Holder", namespace: nil)
        let tree = SecurityTokenReference.write(form, into: holder.root, tokenType: tokenType)
        #expect(written.bytes == (try holder.canonicalize(tree, method: .exclusive)))
        let read = try SecurityTokenReference(element: try XMLDocument(parsing: written.bytes).root)
        #expect(read.tokenType == tokenType)
        switch (read.form, form) {
        case (.keyIdentifier(let readType, let readValue, _), .keyIdentifier(let valueType, let value, _)):
            #expect(readType == valueType && readValue == value)
        case (.reference(let readURI, let readType), .reference(let uri, let valueType)):
            #expect(readURI == uri && readType == valueType)
        default:
            Issue.record("read back as another form: \(read.form)")
        }
    }

    @Test func formsWithContentOfTheirOwnAreLeftToTheTree() {
        #expect(SecurityTokenReference.written(.issuerSerial(issuerName: "CN=CA", serialNumber: "1")) == nil)
        let token = XMLDocument(rootLocalName: "Token", namespace: "urn:t", prefix: "t").root
        #expect(SecurityTokenReference.written(.embedded(token)) == nil)
        #expect(SecurityTokenReference.written(.reference(uri: "#a\u{1}", valueType: nil)) == nil)
    }
}

/// ``Certificate/isSame(as:)`` decides what `==` decides, for certificates parsed apart.
@Suite struct CertificateIdentityTests {
    @Test func sameCertificatesParsedApartAreTheSameAndOthersAreNot() throws {
        let names = ["ca", "gateway", "sts", "service", "untrusted"]
        let first = names.map { Fixtures.certificate($0) }
        let second = names.map { Fixtures.certificate($0) }
        for (index, certificate) in first.enumerated() {
            for (otherIndex, other) in second.enumerated() {
                #expect(certificate.isSame(as: other) == (index == otherIndex), "\(names[index]) against \(names[otherIndex])")
                #expect(certificate.isSame(as: other) == (certificate == other))
            }
        }
    }
}
