import Foundation
import STS
import SecureConversation
import Testing
import WSSecurity
@testable import TesseraServer

/// The `secureConversation` section: read, checked with field-named errors, and mapped to the
/// hosted service's configuration.
struct SecureConversationConfigurationTests {
    func problems(_ yaml: String) -> [String] {
        do {
            _ = try ServerConfiguration(yaml: ServerConfigurationTests.identity + yaml, baseDirectory: "/etc/tessera")
            return []
        } catch {
            return error.issues.map(\.description)
        }
    }

    @Test func theSectionIsOffWhenAbsentAndTakesTheDefaultsWhenEmpty() throws {
        let absent = try ServerConfiguration(yaml: ServerConfigurationTests.identity, baseDirectory: "/")
        #expect(absent.secureConversation == nil)
        let configuration = try ServerConfiguration(yaml: ServerConfigurationTests.identity + "secureConversation: {}\n", baseDirectory: "/")
        let section = try #require(configuration.secureConversation)
        #expect(section.path == "/echo")
        #expect(section.versions == [.v13, .v200502])
        #expect(section.contexts == .stateful)
        #expect(section.bootstrap == .x509)
        #expect(section.requireEncryptedEntropy)
        #expect([section.minimumKeySize, section.maximumKeySize, section.defaultKeySize] as [Int] == [128, 512, 256])
        #expect(section.lifetimes == .init(defaultSeconds: 3600, maximumSeconds: 28_800))
        #expect(section.algorithmSuite == .basic256)
        #expect(!section.signatureConfirmation)
    }

    @Test func everyFieldIsRead() throws {
        let configuration = try ServerConfiguration(
            yaml: ServerConfigurationTests.identity + """
                secureConversation:
                  path: /services/echo
                  versions: ["2005-02"]
                  contexts: cookie
                  cookieKey: cookie.key
                  previousCookieKeys: [old.key]
                  bootstrap: x509
                  requireEncryptedEntropy: false
                  minimumKeySize: 192
                  maximumKeySize: 256
                  defaultKeySize: 256
                  lifetimes: {defaultSeconds: 600, maximumSeconds: 1200}
                  algorithmSuite: basic128-sha256
                  signatureConfirmation: true
                """, baseDirectory: "/")
        let section = try #require(configuration.secureConversation)
        #expect(section.path == "/services/echo")
        #expect(section.versions == [.v200502])
        #expect(section.contexts == .cookie)
        #expect(section.cookieKey == "cookie.key")
        #expect(section.previousCookieKeys == ["old.key"])
        #expect(!section.requireEncryptedEntropy)
        #expect([section.minimumKeySize, section.maximumKeySize, section.defaultKeySize] as [Int] == [192, 256, 256])
        #expect(section.lifetimes == .init(defaultSeconds: 600, maximumSeconds: 1200))
        #expect(section.algorithmSuite == .basic128Sha256)
        #expect(section.signatureConfirmation)
    }

    @Test func unknownNamesAndFieldsAreRefusedByField() {
        #expect(
            problems("secureConversation:\n  versions: [\"1.2\"]\n").first?.hasPrefix(
                "secureConversation.versions[0]: '1.2' is not a WS-SecureConversation version") == true)
        #expect(
            problems("secureConversation:\n  contexts: sticky\n").first?.hasPrefix("secureConversation.contexts: 'sticky' is not a way to keep contexts")
                == true)
        #expect(
            problems("secureConversation:\n  bootstrap: kerberos\n").first?.hasPrefix("secureConversation.bootstrap: 'kerberos' is not a bootstrap policy")
                == true)
        #expect(
            problems("secureConversation:\n  algorithmSuite: tripledes\n").first?.hasPrefix(
                "secureConversation.algorithmSuite: 'tripledes' is not an algorithm suite") == true)
        #expect(problems("secureConversation:\n  lifetime: 5\n") == ["secureConversation.lifetime: unknown field"])
    }

    @Test func inconsistentValuesAreNamed() {
        #expect(problems("secureConversation:\n  path: /sts\n") == ["secureConversation.path: /sts is the STS endpoint (endpoint.path)"])
        #expect(problems("secureConversation:\n  path: /metrics\n") == ["secureConversation.path: /metrics is reserved for operations"])
        #expect(
            problems("secureConversation:\n  path: /adfs/services/trust/mex\n") == [
                "secureConversation.path: /adfs/services/trust/mex is one of the ADFS endpoints"
            ])
        #expect(problems("secureConversation:\n  path: echo\n") == ["secureConversation.path: must start with / and name a path"])
        #expect(problems("secureConversation:\n  versions: []\n") == ["secureConversation.versions: must name at least one version (1.3, 2005-02)"])
        #expect(problems("secureConversation:\n  versions: [\"1.3\", \"1.3\"]\n") == ["secureConversation.versions: names a version twice"])
        #expect(
            problems("secureConversation:\n  contexts: cookie\n") == ["secureConversation.cookieKey: must name the cookie key file when contexts is cookie"])
        #expect(problems("secureConversation:\n  cookieKey: cookie.key\n") == ["secureConversation.cookieKey: is used only with contexts: cookie"])
        #expect(
            problems("secureConversation:\n  bootstrap: username-over-tls\n") == [
                "secureConversation.bootstrap: username-over-tls needs users to authenticate",
                "secureConversation.bootstrap: username-over-tls needs tls (or listen.trustedProxies for a TLS-terminating proxy)",
            ])
        #expect(
            problems("secureConversation:\n  minimumKeySize: 100\n  maximumKeySize: 96\n  defaultKeySize: 64\n") == [
                "secureConversation.minimumKeySize: must be a multiple of 8 between 128 and 4096",
                "secureConversation.maximumKeySize: must be a multiple of 8 between 128 and 4096",
                "secureConversation.defaultKeySize: must be a multiple of 8 between 128 and 4096",
                "secureConversation.maximumKeySize: must be at least minimumKeySize (100)",
                "secureConversation.defaultKeySize: must be between minimumKeySize and maximumKeySize",
            ])
        #expect(
            problems("secureConversation:\n  lifetimes: {defaultSeconds: 0, maximumSeconds: -1}\n") == [
                "secureConversation.lifetimes.defaultSeconds: must be more than 0",
                "secureConversation.lifetimes.maximumSeconds: must be at least secureConversation.lifetimes.defaultSeconds (0)",
            ])
    }

    @Test func aUsernameBootstrapIsAcceptedOverTLSWithUsers() throws {
        let hash = TestPKI.alice.passwordHash
        #expect(
            problems(
                """
                listen: {trustedProxies: ["10.0.0.5"]}
                users:
                  - name: alice
                    passwordHash: "\(hash)"
                secureConversation:
                  bootstrap: username-over-tls

                """) == [])
    }

    @Test func theHostedServiceTakesTheTokenServiceKeysAndTheSectionsSettings() throws {
        var configuration = TestPKI.configuration()
        var section = ServerConfiguration.SecureConversation()
        section.versions = [.v13]
        section.minimumKeySize = 192
        section.maximumKeySize = 384
        section.defaultKeySize = 256
        section.lifetimes = .init(defaultSeconds: 900, maximumSeconds: 1800)
        section.algorithmSuite = .basic128Sha256
        section.signatureConfirmation = true
        configuration.secureConversation = section
        configuration.security = .init(clockSkewSeconds: 60, timestampMaxAgeSeconds: 120)
        try configuration.validate()
        let sts = try STSConfiguration(configuration)
        let store = InMemorySecurityContextStore()
        let service = try #require(
            try SecureConversationServiceConfiguration.hosted(
                by: configuration, tokenService: sts, contexts: store, revocations: InMemorySecurityContextRevocationList()))
        #expect(service.credential.certificate == TestPKI.credential("sts").certificate)
        guard case .x509(let trust, let encryptedEntropy) = service.bootstrap else {
            Issue.record("not the x509 bootstrap: \(service.bootstrap)")
            return
        }
        #expect(encryptedEntropy)
        #expect(trust.anchors == sts.inbound.trustStore?.anchors)
        guard case .stateful(let kept) = service.keeping else {
            Issue.record("contexts are not kept in the store")
            return
        }
        #expect((kept as? InMemorySecurityContextStore) === store)
        #expect(service.keys.keySizes == 192...384)
        #expect(service.keys.defaultKeySize == 256)
        #expect(service.lifetimes == ContextLifetimePolicy(defaultLifetime: 900, maximumLifetime: 1800))
        #expect(service.responseProtection == .basic128Sha256)
        #expect(service.signatureConfirmation)
        #expect(service.versions == [.v13])
        #expect(service.clockSkew == 60)
        #expect(service.timestampMaxAge == 120)

        configuration.secureConversation = nil
        #expect(
            try SecureConversationServiceConfiguration.hosted(
                by: configuration, tokenService: sts, contexts: store, revocations: InMemorySecurityContextRevocationList()) == nil)
    }

    @Test func cookieKeysAreReadFromTheirFilesAndBadOnesAreNamed() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-cookie-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try (Data(SecurityContextCookie.generateKey()).base64EncodedString() + "\n").write(
            to: directory.appendingPathComponent("cookie.key"), atomically: true, encoding: .utf8)
        try Data([UInt8](repeating: 7, count: 16)).base64EncodedString().write(
            to: directory.appendingPathComponent("short.key"), atomically: true, encoding: .utf8)
        for name in ["cookie.key", "short.key"] {
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: directory.appendingPathComponent(name).path)
        }

        var configuration = TestPKI.configuration()
        var section = ServerConfiguration.SecureConversation()
        section.contexts = .cookie
        section.cookieKey = directory.appendingPathComponent("cookie.key").path
        configuration.secureConversation = section
        let sts = try STSConfiguration(configuration)
        let hosted = try #require(
            try SecureConversationServiceConfiguration.hosted(
                by: configuration, tokenService: sts, contexts: InMemorySecurityContextStore(), revocations: InMemorySecurityContextRevocationList()))
        guard case .cookie = hosted.keeping else {
            Issue.record("contexts are not kept in cookies")
            return
        }

        section.previousCookieKeys = [directory.appendingPathComponent("short.key").path, directory.appendingPathComponent("missing.key").path]
        configuration.secureConversation = section
        let error = try #require(throws: ConfigurationError.self) {
            try SecureConversationServiceConfiguration.hosted(
                by: configuration, tokenService: sts, contexts: InMemorySecurityContextStore(), revocations: InMemorySecurityContextRevocationList())
        }
        #expect(error.issues.map(\.field) == ["secureConversation.previousCookieKeys[0]", "secureConversation.previousCookieKeys[1]"])
    }

    /// A cookie key file is refused like the store's master key when group or others may read
    /// or write it: whoever reads the key opens every cookie and its context's secret.
    @Test(arguments: [0o640, 0o604, 0o644, 0o620])
    func cookieKeyFilesOpenToOtherUsersAreRefused(_ mode: Int) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-cookie-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let keyFile = directory.appendingPathComponent("cookie.key")
        try Data(SecurityContextCookie.generateKey()).base64EncodedString().write(to: keyFile, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: keyFile.path)

        var configuration = TestPKI.configuration()
        var section = ServerConfiguration.SecureConversation()
        section.contexts = .cookie
        section.cookieKey = keyFile.path
        configuration.secureConversation = section
        let sts = try STSConfiguration(configuration)
        let error = try #require(throws: ConfigurationError.self) {
            try SecureConversationServiceConfiguration.hosted(
                by: configuration, tokenService: sts, contexts: InMemorySecurityContextStore(), revocations: InMemorySecurityContextRevocationList())
        }
        #expect(error.issues.map(\.field) == ["secureConversation.cookieKey"])
        #expect(error.description.contains("chmod 600"))

        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: keyFile.path)
        _ = try #require(
            try SecureConversationServiceConfiguration.hosted(
                by: configuration, tokenService: sts, contexts: InMemorySecurityContextStore(), revocations: InMemorySecurityContextRevocationList()))
    }

    @Test func aNewDataDirectoryHasTheServiceOnWithStatefulContexts() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-sc-config-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let directory = DataDirectory(path: root.path)
        _ = try directory.bootstrapIfNeeded(endpointAddress: "http://127.0.0.1:8080/sts")
        let configuration = try ServerConfiguration.load(file: directory.configurationFile)
        let section = try #require(configuration.secureConversation)
        #expect(section.path == "/echo")
        #expect(section.contexts == .stateful)
        #expect(section.bootstrap == .x509)
        #expect(section.versions == [.v13, .v200502])
    }
}
