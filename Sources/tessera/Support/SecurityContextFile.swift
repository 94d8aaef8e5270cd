import ArgumentParser
import Foundation
import SOAP
import SecureConversation
import SecurityCore
import XMLSecurity

/// The file `tessera sc establish` writes and the other `tessera sc` commands read: one security
/// context with its secret, and everything a peer needs to derive the same keys (WS-SC 1.3 §7:
/// P_SHA1 over the secret with the label and each DerivedKeyToken's nonce) and to name the
/// context (a SecurityTokenReference to its Identifier, WS-SC 1.3 §8). JSON, documented in
/// docs/secure-conversation.md; the file is owner-only (0600) because the secret is the session.
struct SecurityContextFile: Codable, Equatable {
    /// The value of ``format`` this version writes and reads.
    static let currentFormat = "tessera-security-context/1"
    /// Larger files are refused before they are parsed.
    static let maximumBytes = 64 * 1024

    var format: String
    /// The service's address (`wsa:To`), where send, renew and cancel go.
    var service: String
    /// `1.1` or `1.2`: the SOAP version the context was established in.
    var soapVersion: String
    /// `1.3` or `2005-02`.
    var version: String
    /// The WS-SecureConversation namespace of ``version``.
    var namespace: String
    /// `wsc:Identifier`.
    var identifier: String
    /// `wsc:Instance` (after a renewal, or for a cookie context).
    var instance: String?
    /// A stateless service's cookie, Base64: the token must carry it in every message.
    var cookie: String?
    /// The lifetime granted, `xsd:dateTime` in UTC.
    var created: String
    var expires: String
    /// The context's secret, Base64.
    var secret: String
    var keyDerivation: KeyDerivation
    var algorithmSuite: AlgorithmSuite

    /// How keys are derived from the secret and how a DerivedKeyToken names the context.
    struct KeyDerivation: Codable, Equatable {
        /// The P_SHA1 algorithm URI of the version (`…/dk/p_sha1`).
        var algorithm: String
        /// The label when a DerivedKeyToken gives none (WS-SC 1.3 §7.3).
        var label: String
        /// The `wsse:Reference` URI (the Identifier, without `#`) and its ValueType (`…/sct`).
        var referenceURI: String
        var referenceValueType: String
    }

    /// The WS-SecurityPolicy 1.2 §6.1 suite messages under the context use, as algorithm URIs
    /// and derived-key lengths in bytes.
    struct AlgorithmSuite: Codable, Equatable {
        var name: String
        var signatureAlgorithm: String
        var digestMethod: String
        var signatureKeyLength: Int
        var encryptionAlgorithm: String
        var encryptionKeyLength: Int
    }

    init(saved: SavedSecurityContext, service: String, soapVersion: SOAPVersion, suite: AlgorithmSuiteChoice) {
        let token = saved.token
        let protection = suite.protection
        format = Self.currentFormat
        self.service = service
        self.soapVersion = soapVersion == .v11 ? "1.1" : "1.2"
        version = ContextVersionChoice(token.version).rawValue
        namespace = token.version.namespace
        identifier = token.identifier
        instance = token.instance
        cookie = token.cookie.map { Data($0).base64EncodedString() }
        created = XSDDateTime.format(saved.created, milliseconds: false)
        expires = XSDDateTime.format(saved.expires, milliseconds: false)
        secret = Data(saved.secret).base64EncodedString()
        keyDerivation = KeyDerivation(
            algorithm: token.version.pSHA1Algorithm, label: DerivedKeyToken.defaultLabel,
            referenceURI: token.identifier, referenceValueType: token.version.tokenTypeURI)
        algorithmSuite = AlgorithmSuite(
            name: suite.rawValue, signatureAlgorithm: protection.signatureAlgorithm.uri, digestMethod: protection.digestMethod.uri,
            signatureKeyLength: protection.signatureKeyLength, encryptionAlgorithm: protection.encryptionAlgorithm.uri,
            encryptionKeyLength: protection.encryptionAlgorithm.keyLength)
    }

    /// The same file with the context replaced (after a renewal: new Instance, secret, lifetime).
    func replacing(_ saved: SavedSecurityContext) throws -> SecurityContextFile {
        SecurityContextFile(saved: saved, service: service, soapVersion: try soap(), suite: try suite())
    }

    /// The context, checked: a known version whose namespace matches, an Identifier, Base64
    /// secret and cookie, dates.
    func savedContext() throws -> SavedSecurityContext {
        let version = try contextVersion()
        guard !identifier.isEmpty else { throw Self.unusable("it names no identifier") }
        guard let secret = Data(base64Encoded: secret), !secret.isEmpty else { throw Self.unusable("its secret is not Base64") }
        var cookieBytes: [UInt8]?
        if let cookie {
            guard let data = Data(base64Encoded: cookie), !data.isEmpty else { throw Self.unusable("its cookie is not Base64") }
            cookieBytes = [UInt8](data)
        }
        guard let created = XSDDateTime.parse(created), let expires = XSDDateTime.parse(expires) else {
            throw Self.unusable("its created and expires are not xsd:dateTime values")
        }
        let token = SecurityContextToken(version: version, identifier: identifier, instance: instance, cookie: cookieBytes)
        return SavedSecurityContext(token: token, secret: [UInt8](secret), created: created, expires: expires)
    }

    func contextVersion() throws -> SecureConversationVersion {
        guard let choice = ContextVersionChoice(rawValue: version), choice.version.namespace == namespace else {
            throw Self.unusable("its version is not 1.3 or 2005-02 with the matching namespace")
        }
        return choice.version
    }

    func soap() throws -> SOAPVersion {
        switch soapVersion {
        case "1.1": return .v11
        case "1.2": return .v12
        default: throw Self.unusable("its soapVersion is not 1.1 or 1.2")
        }
    }

    func suite() throws -> AlgorithmSuiteChoice {
        guard let suite = AlgorithmSuiteChoice(rawValue: algorithmSuite.name) else {
            throw Self.unusable("its algorithm suite is not one of \(AlgorithmSuiteChoice.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return suite
    }

    /// Writes the file (JSON, keys sorted) to `path`, owner-only; refuses to replace an existing
    /// file unless `replacing`.
    func write(to path: String, replacing: Bool) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try OwnerOnlyFile.write([UInt8](try encoder.encode(self)) + [UInt8(ascii: "\n")], to: path, replacing: replacing)
    }

    /// Reads the file at `path`: owner-only, at most ``maximumBytes``, this format.
    static func read(_ path: String) throws -> SecurityContextFile {
        let bytes = try OwnerOnlyFile.read(path, maximumBytes: maximumBytes)
        let file: SecurityContextFile
        do {
            file = try JSONDecoder().decode(SecurityContextFile.self, from: Data(bytes))
        } catch {
            throw unusable("it is not a security context file", path: path)
        }
        guard file.format == currentFormat else { throw unusable("its format is not \(currentFormat)", path: path) }
        return file
    }

    private static func unusable(_ reason: String, path: String? = nil) -> CommandFailure {
        CommandFailure.cannotRun("\(path.map { "'\($0)'" } ?? "the context file") is not usable: \(reason)")
    }
}

/// `--version 1.3|2005-02`.
enum ContextVersionChoice: String, CaseIterable, ExpressibleByArgument {
    case v13 = "1.3"
    case v200502 = "2005-02"

    init(_ version: SecureConversationVersion) {
        self = version == .v13 ? .v13 : .v200502
    }

    var version: SecureConversationVersion { self == .v13 ? .v13 : .v200502 }
}

/// `--suite`: the WS-SecurityPolicy 1.2 §6.1 algorithm suites, named as in `tessera serve`'s
/// `secureConversation.algorithmSuite`.
enum AlgorithmSuiteChoice: String, CaseIterable, ExpressibleByArgument {
    case basic256
    case basic128
    case basic256Sha256 = "basic256-sha256"
    case basic128Sha256 = "basic128-sha256"

    var protection: MessageProtection {
        switch self {
        case .basic256: .basic256
        case .basic128: .basic128
        case .basic256Sha256: .basic256Sha256
        case .basic128Sha256: .basic128Sha256
        }
    }
}
