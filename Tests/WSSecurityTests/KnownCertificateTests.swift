import Foundation
import SecurityCore
import SOAP
import Testing
import TesseraCrypto
import WSSecurity
import X509
import XMLCore
import XMLSecurity

/// A BinarySecurityToken read through a trust store keeps the store's handle on its certificate
/// (``X509TrustStore/KnownCertificate``): trust and key are then decided on the handle, as they
/// are for the certificate and its encoding.
@Suite struct KnownCertificateTests {
    static func token(_ certificate: Certificate, trustStore: X509TrustStore?) throws -> BinarySecurityToken {
        let holder = XMLDocument(rootLocalName: "Security", namespace: WSSNamespace.secext, prefix: "wsse")
        let element = try BinarySecurityToken.write(certificate, into: holder.root, id: "X509-1")
        return try BinarySecurityToken(element: element, trustStore: trustStore)
    }

    @Test func aTokenReadThroughATrustStoreCarriesItsHandle() async throws {
        let store = X509TrustStore(anchors: [Fixtures.ca])
        let token = try Self.token(Fixtures.gateway.certificate, trustStore: store)
        let known = try #require(token.knownLeaf)
        #expect(known.certificate == Fixtures.gateway.certificate)
        #expect(known.der == (try Fixtures.gateway.certificate.derBytes) && token.leafDER == known.der)
        #expect(try Self.token(Fixtures.gateway.certificate, trustStore: nil).knownLeaf == nil)
        // The same text maps to the same certificate, read once.
        #expect(try Self.token(Fixtures.gateway.certificate, trustStore: store).knownLeaf?.der == known.der)

        try await store.validate(known, at: Date())
        #expect(try store.publicKey(of: known).subjectPublicKeyInfoDER == (try PublicKey(certificate: known.certificate)).subjectPublicKeyInfoDER)
        // Trust decided on the handle holds for the certificate and its encoding, and back.
        try await store.validate(known.certificate, der: known.der, at: Date())
    }

    @Test func anUntrustedCertificateIsRefusedThroughItsHandleToo() async throws {
        let store = X509TrustStore(anchors: [Fixtures.ca])
        let known = try #require(try Self.token(Fixtures.certificate("untrusted"), trustStore: store).knownLeaf)
        await #expect(throws: CertificateNotTrusted.self) { try await store.validate(known, at: Date()) }
        await #expect(throws: CertificateNotTrusted.self) { try await store.validate(known, at: Date()) }
    }
}
