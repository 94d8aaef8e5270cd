import Foundation
import SAML
import Testing
import TesseraCrypto
import XMLCore
import XMLSecurity

/// A holder-of-key confirmation naming a bare public key (`ds:KeyValue`), for PublicKey proof
/// keys without a certificate: written, signed, received and read back as the same key.
struct KeyValueConfirmationTests {
    @Test(arguments: ["rsa", "ec"])
    func keyValueConfirmationRoundTrips(_ kind: String) async throws {
        let key =
            kind == "rsa"
            ? Fixtures.gateway.privateKey.publicKey
            : try PrivateKey(pemRepresentation: Fixtures.text("ec-p256.key.pem")).publicKey
        let assertion = Samples.holderOfKey(key: .keyValue(key))
        let document = try signedAndReceived(assertion)
        let keyValue = try #require(document.root.descendantsAndSelf.first { $0.is("KeyValue", XMLSecurityNamespace.ds) })
        #expect(keyValue.children.first?.localName == (kind == "rsa" ? "RSAKeyValue" : "ECKeyValue"))
        let validated = try await makeValidator().validate(document.root)
        #expect(validated.assertion == .saml20(assertion))
        #expect(validated.facts.subjects.first?.confirmations.first?.keys == [.keyValue(key)])
    }

    @Test func keyValuesAreComparedByKey() {
        let gateway = Fixtures.gateway.privateKey.publicKey
        #expect(SAMLConfirmationKey.keyValue(gateway) == .keyValue(try! PublicKey(certificate: Fixtures.gateway.certificate)))
        #expect(SAMLConfirmationKey.keyValue(gateway) != .keyValue(Fixtures.sts.privateKey.publicKey))
        #expect(SAMLConfirmationKey.keyValue(gateway) != .certificate(Fixtures.gateway.certificate))
    }
}
