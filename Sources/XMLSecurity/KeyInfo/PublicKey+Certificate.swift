import SwiftASN1
public import TesseraCrypto
public import X509

extension PublicKey {
    /// The public key of an X.509 certificate.
    public init(certificate: Certificate) throws {
        var serializer = DER.Serializer()
        try serializer.serialize(certificate.publicKey)
        try self.init(subjectPublicKeyInfoDER: serializer.serializedBytes)
    }
}

extension Certificate {
    /// The certificate's DER encoding.
    public var derBytes: [UInt8] {
        get throws {
            var serializer = DER.Serializer()
            try serializer.serialize(self)
            return serializer.serializedBytes
        }
    }
}
