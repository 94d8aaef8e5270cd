import _CryptoExtras
import Crypto
import Foundation
import TesseraCrypto

/// A salted, slow password hash: scrypt (RFC 7914) written as a PHC string, the format passlib
/// and the PHC string specification use:
///
///     $scrypt$ln=15,r=8,p=1$<salt>$<hash>
///
/// where `ln` is log2 of the cost N, and salt and hash are Base64 without padding. Passwords
/// are hashed as their UTF-8 bytes, without normalization. Verification compares in constant
/// time. Hashes weaker than ``Parameters/minimum`` are refused when read, so a configuration
/// file cannot lower the cost by accident; so are parameters needing more than 256 MiB.
public struct PasswordHash: Sendable, Hashable, CustomStringConvertible {
    /// scrypt's cost parameters.
    public struct Parameters: Sendable, Hashable {
        /// log2 of the CPU/memory cost N.
        public var logN: Int
        /// Block size r.
        public var blockSize: Int
        /// Parallelism p.
        public var parallelism: Int

        public init(logN: Int, blockSize: Int, parallelism: Int) {
            self.logN = logN
            self.blockSize = blockSize
            self.parallelism = parallelism
        }

        /// N = 2^15, r = 8, p = 1: 32 MiB and roughly 0.1 s per hash on a current server core.
        public static let `default` = Parameters(logN: 15, blockSize: 8, parallelism: 1)
        /// The weakest hash accepted: N = 2^14, r = 8, p = 1 (16 MiB).
        public static let minimum = Parameters(logN: 14, blockSize: 8, parallelism: 1)
        /// Most memory a hash may need (128 · r · N bytes).
        public static let maximumMemory = 256 << 20

        var memory: Int { 128 * blockSize << logN }

        func check() throws(UserDirectoryError) {
            guard (1...30).contains(logN), (1...32).contains(blockSize), (1...16).contains(parallelism) else {
                throw UserDirectoryError(.malformedHash, "scrypt parameters are out of range")
            }
            guard logN >= Self.minimum.logN, blockSize >= Self.minimum.blockSize else {
                throw UserDirectoryError(.weakHash, "the scrypt cost is below ln=\(Self.minimum.logN), r=\(Self.minimum.blockSize)")
            }
            guard memory <= Self.maximumMemory else {
                throw UserDirectoryError(.weakHash, "the scrypt parameters need more than \(Self.maximumMemory >> 20) MiB")
            }
        }
    }

    static let saltByteCount = 16
    static let hashByteCount = 32

    public let parameters: Parameters
    let salt: [UInt8]
    let hash: [UInt8]

    /// Reads a `$scrypt$…` PHC string.
    public init(phc text: String) throws(UserDirectoryError) {
        let fields = text.trimmingCharacters(in: .whitespaces).split(separator: "$", omittingEmptySubsequences: false)
        guard fields.count == 5, fields[0].isEmpty else {
            throw UserDirectoryError(.malformedHash, "a password hash must read $scrypt$ln=…,r=…,p=…$salt$hash")
        }
        guard fields[1] == "scrypt" else {
            throw UserDirectoryError(.unsupportedHash, "only scrypt password hashes are supported")
        }
        var values: [String: Int] = [:]
        for pair in fields[2].split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, let value = Int(parts[1]), values.updateValue(value, forKey: String(parts[0])) == nil else {
                throw UserDirectoryError(.malformedHash, "the scrypt parameters must read ln=…,r=…,p=…")
            }
        }
        guard values.count == 3, let logN = values["ln"], let r = values["r"], let p = values["p"] else {
            throw UserDirectoryError(.malformedHash, "the scrypt parameters must read ln=…,r=…,p=…")
        }
        let parameters = Parameters(logN: logN, blockSize: r, parallelism: p)
        try parameters.check()
        guard let salt = Self.decode(fields[3]), salt.count >= 8, let hash = Self.decode(fields[4]), (16...64).contains(hash.count) else {
            throw UserDirectoryError(.malformedHash, "the salt or hash is not Base64 of a usable length")
        }
        self.parameters = parameters
        self.salt = salt
        self.hash = hash
    }

    init(parameters: Parameters, salt: [UInt8], hash: [UInt8]) {
        self.parameters = parameters
        self.salt = salt
        self.hash = hash
    }

    /// Hashes `password` with a fresh random salt.
    public static func make(password: String, parameters: Parameters = .default) throws(UserDirectoryError) -> PasswordHash {
        try parameters.check()
        let salt = SecureRandom.bytes(saltByteCount)
        let hash = try derive(password, salt: salt, parameters: parameters, length: hashByteCount)
        return PasswordHash(parameters: parameters, salt: salt, hash: hash)
    }

    /// Whether `password` is the hashed one; the comparison takes the same time wherever the
    /// bytes differ.
    public func verify(_ password: String) -> Bool {
        guard let candidate = try? Self.derive(password, salt: salt, parameters: parameters, length: hash.count) else { return false }
        return constantTimeEquals(candidate, hash)
    }

    /// The PHC string, for a configuration file.
    public var phcString: String {
        "$scrypt$ln=\(parameters.logN),r=\(parameters.blockSize),p=\(parameters.parallelism)$\(Self.encode(salt))$\(Self.encode(hash))"
    }

    /// Names the algorithm and cost only, so a hash never ends up in a log by accident.
    public var description: String {
        "scrypt(ln=\(parameters.logN), r=\(parameters.blockSize), p=\(parameters.parallelism))"
    }

    static func derive(_ password: String, salt: [UInt8], parameters: Parameters, length: Int) throws(UserDirectoryError) -> [UInt8] {
        do {
            let key = try KDF.Scrypt.deriveKey(
                from: Array(password.utf8), salt: salt, outputByteCount: length,
                rounds: 1 << parameters.logN, blockSize: parameters.blockSize,
                parallelism: parameters.parallelism)
            return key.withUnsafeBytes { Array($0) }
        } catch {
            throw UserDirectoryError(.hashingFailed, "the password could not be hashed")
        }
    }

    static func encode(_ bytes: [UInt8]) -> String {
        var text = Data(bytes).base64EncodedString()
        while text.hasSuffix("=") { text.removeLast() }
        return text
    }

    static func decode(_ text: Substring) -> [UInt8]? {
        var padded = String(text)
        guard !padded.contains("=") else { return nil }
        while padded.count % 4 != 0 { padded += "=" }
        return Data(base64Encoded: padded).map { [UInt8]($0) }
    }
}
