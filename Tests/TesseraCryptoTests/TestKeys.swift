import TesseraCrypto

/// Keys generated once per test run and shared by the suites (RSA generation is slow-ish).
enum TestKeys {
    static let rsa2048: PrivateKey = {
        do { return try PrivateKey.generateRSA(bits: 2048) } catch { fatalError("RSA key generation failed: \(error)") }
    }()
    static let p256 = PrivateKey.generateEC(.p256)
    static let p384 = PrivateKey.generateEC(.p384)
    static let p521 = PrivateKey.generateEC(.p521)
}

extension DigestAlgorithm {
    /// The name the openssl command-line tool uses.
    var openSSLName: String {
        switch self {
        case .sha1: "sha1"
        case .sha224: "sha224"
        case .sha256: "sha256"
        case .sha384: "sha384"
        case .sha512: "sha512"
        }
    }
}
