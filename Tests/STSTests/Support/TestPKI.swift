import Foundation
import SecurityCore
import TesseraCrypto
import WSSecurity
import X509
import TesseraTestSupport

/// The test PKI in Tests/TesseraTestSupport/Fixtures (TEST KEYS ONLY): `sts` issues, `service`
/// is the relying party (and, as `idp`, a trusted SAML identity provider), `gateway` the
/// requestor, `ec-p256` an EC key (as `holder`, a holder-of-key subject's key), `untrusted` a
/// key nobody trusts.
enum TestPKI {
    static let directory = TesseraTestEnvironment.fixtures

    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    static func pem(_ name: String) -> String { text(name) }

    static func text(_ name: String) -> String {
        try! String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }

    static func certificate(_ name: String) -> Certificate { try! Certificate(pemEncoded: text("\(name).cert.pem")) }

    static func credential(_ name: String) -> X509Credential {
        X509Credential(privateKey: try! PrivateKey(pemRepresentation: text("\(name).key.pem")), certificate: certificate(name))
    }

    static let ca = certificate("ca")
    static let sts = credential("sts")
    static let service = credential("service")
    static let gateway = credential("gateway")
    static let untrusted = credential("untrusted")
    static let ecP256 = credential("ec-p256")
    static let intermediate = certificate("intermediate")
    static let idp = service
    static let holder = ecP256
    static let chained = credential("chained")
    static let trustStore = X509TrustStore(anchors: [ca])

    static let issuerName = "https://sts.tessera.test"
    static let hello = "http://testHost/HelloService"
}
