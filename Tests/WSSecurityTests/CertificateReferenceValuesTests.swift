import Foundation
import SecurityCore
import SOAP
import Testing
import TesseraTestSupport
import WSSecurity
import X509
import XMLCore

/// The encodings a credential computes once for its certificate, checked against the openssl
/// command-line tool reading the same fixture, and the BinarySecurityToken the outbound
/// builder writes from them.
@Suite struct CertificateReferenceValuesTests {
    @Test(.enabled(if: TesseraTestEnvironment.openssl != nil, "needs the openssl command-line tool"))
    func valuesMatchOpenSSL() async throws {
        let path = Fixtures.directory.appendingPathComponent("gateway.cert.pem").path
        let values = try Fixtures.gateway.referenceValues()

        let der = try await Self.run(["x509", "-in", path, "-outform", "DER"])
        #expect(values.der == der)
        #expect(values.base64DER == Data(der).base64EncodedString())

        let fingerprint = String(decoding: try await Self.run(["x509", "-in", path, "-noout", "-fingerprint", "-sha1"]), as: UTF8.self)
        #expect(fingerprint.contains(values.thumbprintSHA1.map { String(format: "%02X", $0) }.joined(separator: ":")))

        let ski = String(decoding: try await Self.run(["x509", "-in", path, "-noout", "-ext", "subjectKeyIdentifier"]), as: UTF8.self)
        let skiHex = try #require(values.subjectKeyIdentifier).map { String(format: "%02X", $0) }.joined(separator: ":")
        #expect(ski.contains(skiHex))

        // openssl prints the serial in hexadecimal ("serial=1002").
        let serialLine = String(decoding: try await Self.run(["x509", "-in", path, "-noout", "-serial"]), as: UTF8.self)
        let serialHex = try #require(serialLine.split(separator: "=").last).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(values.decimalSerialNumber == String(try #require(UInt64(serialHex, radix: 16))))
        #expect(values.issuerName == Fixtures.gateway.certificate.issuer.description)
    }

    @Test func credentialValuesEqualFreshlyComputedOnes() throws {
        let cached = try Fixtures.service.referenceValues()
        let fresh = try CertificateReferenceValues(certificate: Fixtures.service.certificate)
        #expect(cached.der == fresh.der && cached.base64DER == fresh.base64DER && cached.thumbprintSHA1 == fresh.thumbprintSHA1)
        #expect(
            cached.subjectKeyIdentifier == fresh.subjectKeyIdentifier && cached.issuerName == fresh.issuerName
                && cached.decimalSerialNumber == fresh.decimalSerialNumber)
    }

    @Test func signedHeaderCarriesTheCredentialsCertificate() throws {
        let envelope = Fixtures.envelope()
        var builder = SecurityHeaderBuilder()
        builder.signature = .init(credential: Fixtures.gateway)
        try builder.secure(envelope)
        let received = try Fixtures.received(envelope)
        let security = try #require(received.headerBlocks.first { $0.localName == "Security" })
        let token = try BinarySecurityToken(element: try #require(security.firstChild("BinarySecurityToken", WSSNamespace.secext)))
        #expect(token.leafDER == (try Fixtures.gateway.certificate.derBytes))
    }

    private static func run(_ arguments: [String]) async throws -> [UInt8] {
        let openssl = try #require(TesseraTestEnvironment.openssl, "needs the openssl command-line tool")
        let result = try await Subprocess.run(openssl, arguments)
        try #require(result.succeeded, "openssl \(arguments.joined(separator: " ")) failed")
        return result.stdout
    }
}
