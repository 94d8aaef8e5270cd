import FuzzSupport
import SecurityCore
import SOAP
import WSSecurity
import XMLSecurity

/// The generated seed inputs: envelopes secured by Tessera's own SecurityHeaderBuilder with
/// the test PKI, at ``TestPKI/created``.
enum SecuredEnvelopes {
    static func all() throws -> [(name: String, bytes: [UInt8])] {
        let gateway = TestPKI.credential("gateway")
        let service = TestPKI.certificate("service")
        var seeds: [(name: String, bytes: [UInt8])] = []
        func add(_ name: String, _ version: SOAPVersion = .v11, _ configure: (inout SecurityHeaderBuilder) -> Void) throws {
            let envelope = SOAPEnvelope(version: version)
            let hello = envelope.body.addChild("hello", "urn:example:hello", prefix: "h")
            hello.addChild("name", "urn:example:hello", prefix: "h").setText("jdoe")
            var builder = SecurityHeaderBuilder()
            builder.clock = .fixed(TestPKI.created)
            configure(&builder)
            try builder.secure(envelope)
            seeds.append(("\(name).xml", envelope.serialize()))
        }
        for (name, form) in [("bst", KeyReferenceForm.binarySecurityToken), ("ski", .subjectKeyIdentifier),
                             ("thumbprint", .thumbprintSHA1), ("issuer-serial", .issuerSerial)] {
            try add("signed-\(name)") { builder in
                var signature = SecurityHeaderBuilder.SignatureOptions(credential: gateway)
                signature.keyReference = form
                builder.signature = signature
            }
        }
        try add("signed-soap12", .v12) { $0.signature = .init(credential: gateway) }
        try add("signed-ecdsa") { builder in
            var signature = SecurityHeaderBuilder.SignatureOptions(credential: TestPKI.credential("ec-p256"))
            signature.algorithm = .ecdsaSHA256
            builder.signature = signature
        }
        try add("signed-encrypted") { builder in
            builder.signature = .init(credential: gateway)
            builder.encryption = .init(recipient: service)
        }
        try add("encrypted-gcm") { builder in
            var encryption = SecurityHeaderBuilder.EncryptionOptions(recipient: service)
            encryption.algorithm = .aes256GCM
            builder.encryption = encryption
        }
        try add("username-signed") { builder in
            builder.usernameToken = UsernameToken(username: "jdoe", password: .text("secret"),
                                                  nonce: Array(repeating: 7, count: 16), created: TestPKI.created)
            builder.signature = .init(credential: gateway)
        }
        try add("username-only") { builder in
            builder.usernameToken = UsernameToken(username: "jdoe", password: .text("secret"),
                                                  nonce: Array(repeating: 9, count: 16), created: TestPKI.created)
        }
        try add("signature-confirmation") { builder in
            builder.signature = .init(credential: gateway)
            builder.signatureConfirmations = [Array(repeating: 7, count: 256)]
        }
        return seeds
    }
}
