import Foundation
import Testing
@testable import TesseraServer

/// The YAML configuration: defaults, and every error naming the field it is about.
struct ServerConfigurationTests {
    static let identity = """
        identity:
          issuer: https://sts.example
          signingKey: sts.key.pem
          signingCertificate: sts.cert.pem

        """

    func problems(_ yaml: String) -> [String] {
        do {
            _ = try ServerConfiguration(yaml: yaml, baseDirectory: "/etc/tessera")
            return []
        } catch {
            return error.issues.map(\.description)
        }
    }

    @Test func minimalFileTakesTheDefaults() throws {
        let configuration = try ServerConfiguration(yaml: Self.identity, baseDirectory: "/etc/tessera")
        #expect(configuration.listen == .init(host: "127.0.0.1", port: 8080))
        #expect(configuration.endpoint.path == "/sts")
        #expect(configuration.endpoint.maxRequestBytes == 262_144)
        #expect(configuration.adfs == .init(enabled: true, prefix: "/adfs/services/trust"))
        #expect(configuration.lifetimes == .init(defaultSeconds: 3600, maximumSeconds: 28_800))
        #expect(configuration.security == .init(clockSkewSeconds: 300, timestampMaxAgeSeconds: 300))
        #expect(configuration.identity.signResponses)
        #expect(configuration.resolvedPath(configuration.identity.signingKey) == "/etc/tessera/sts.key.pem")
        #expect(configuration.storePath == "/etc/tessera/tessera.sqlite")
    }

    @Test func relyingPartiesReadEveryField() throws {
        let configuration = try ServerConfiguration(
            yaml: Self.identity + """
                relyingParties:
                  - name: hello
                    appliesTo:
                      - exact: https://hello.example/Service
                      - prefix: https://hello.example/api/
                    tokenType: http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLV1.1
                    keyType: symmetric
                    lifetimeSeconds: 600
                    audience: urn:hello
                    nameIDFormat: emailAddress
                    confirmation: holder-of-key
                defaultRelyingParty: hello
                """, baseDirectory: "/")
        let party = try #require(configuration.relyingParties.first)
        #expect(party.appliesTo == [.exact("https://hello.example/Service"), .prefix("https://hello.example/api/")])
        #expect(party.tokenType == .saml11)
        #expect(party.keyType == .symmetricKey)
        #expect(party.lifetimeSeconds == 600)
        #expect(party.confirmation == .holderOfKey)
        #expect(party.nameIDFormatURI?.rawValue == "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress")
        #expect(configuration.defaultRelyingParty == "hello")
    }

    @Test func errorsNameTheField() {
        let yaml =
            Self.identity + """
                relyingParties:
                  - name: a
                    appliesTo: [{exact: "urn:a"}]
                  - name: b
                    appliesTo: [{prefix: "urn:b"}]
                  - name: c
                    appliesTo: []
                """
        #expect(problems(yaml) == ["relyingParties[2].appliesTo: must list at least one address"])
    }

    @Test func misspelledFieldIsRefusedNotIgnored() {
        let yaml =
            Self.identity + """
                requestors:
                  - name: gateway
                    certificate: gateway.cert.pem
                    mayDelgate: true
                """
        #expect(problems(yaml) == ["requestors[0].mayDelgate: unknown field"])
    }

    @Test(arguments: [
        ("listen:\n  port: eighty\n", "listen.port: expected a whole number"),
        ("identity:\n  signingKey: k\n  signingCertificate: c\n", "identity.issuer: missing (required)"),
        (
            "relyingParties:\n  - name: x\n    appliesTo: [{exact: \"urn:x\"}]\n    tokenType: saml3\n",
            "relyingParties[0].tokenType: 'saml3' is not a token type Tessera issues (saml2.0, saml1.1, jwt, usernameToken, or their URIs)"
        ),
        (
            "relyingParties:\n  - name: x\n    appliesTo: [{exact: \"urn:x\", prefix: \"urn:y\"}]\n",
            "relyingParties[0].appliesTo[0]: give exactly one of exact or prefix"
        ),
        (
            "relyingParties:\n  - name: x\n    appliesTo: [{exact: \"urn:x\"}]\n    confirmation: sendervouches\n",
            "relyingParties[0].confirmation: 'sendervouches' is not a confirmation method (bearer, sender-vouches, holder-of-key)"
        ),
    ])
    func decodingErrorsNameTheField(_ yaml: String, _ expected: String) {
        let document = yaml.hasPrefix("identity:") ? yaml : Self.identity + yaml
        #expect(problems(document) == [expected])
    }

    @Test func validationReportsEveryProblemAtOnce() {
        let yaml =
            Self.identity + """
                endpoint:
                  path: /metrics
                  maxRequestBytes: 10
                lifetimes:
                  defaultSeconds: 600
                  maximumSeconds: 300
                relyingParties:
                  - name: hello
                    appliesTo: [{exact: "hello"}]
                    lifetimeSeconds: 999999
                    nameIDFormat: nickname
                  - name: hello
                    appliesTo: [{prefix: "urn:hello"}]
                defaultRelyingParty: nobody
                """
        #expect(
            problems(yaml) == [
                "endpoint.maxRequestBytes: must be between 1024 and 10485760",
                "endpoint.path: /metrics is reserved for operations",
                "lifetimes.maximumSeconds: must be at least lifetimes.defaultSeconds (600)",
                "relyingParties[0].appliesTo[0].exact: 'hello' is not an absolute URI",
                "relyingParties[0].lifetimeSeconds: 999999 exceeds lifetimes.maximumSeconds (300)",
                "relyingParties[0].nameIDFormat: 'nickname' is neither a URI nor one of emailAddress, entity, kerberos, persistent, transient, unspecified, windowsDomainQualifiedName, x509SubjectName",
                "relyingParties[1].name: 'hello' is used by another relying party",
                "defaultRelyingParty: 'nobody' is not the name of a configured relying party",
            ])
    }

    @Test func endpointMayNotTakeAnADFSPath() {
        let yaml = Self.identity + "endpoint:\n  path: /adfs/services/trust/mex\n"
        #expect(problems(yaml) == ["endpoint.path: /adfs/services/trust/mex is one of the ADFS endpoints; change adfs.prefix or endpoint.path"])
    }

    @Test func publicBaseURLMustBeAnHTTPURL() {
        #expect(problems(Self.identity + "publicBaseURL: sts.example.com\n") == ["publicBaseURL: 'sts.example.com' is not an absolute http or https URL"])
        #expect(problems(Self.identity + "publicBaseURL: https://sts.example.com/base\n").isEmpty)
    }

    @Test func syntaxErrorsGiveTheLine() {
        let issues = problems(Self.identity + "listen:\n  host: [unclosed\n")
        #expect(issues.count == 1)
        #expect(issues.first?.contains("YAML syntax error at line") == true, "\(issues)")
    }

    @Test func loadingAFileNamesIt() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("tessera.yaml")
        try Data((Self.identity + "listen:\n  port: 99999\n").utf8).write(to: file)
        do {
            _ = try ServerConfiguration.load(file: file.path)
            Issue.record("an out-of-range port was accepted")
        } catch {
            #expect(error.description == "\(file.path): listen.port: must be between 0 and 65535")
        }
        let valid = directory.appendingPathComponent("valid.yaml")
        try Data(Self.identity.utf8).write(to: valid)
        let configuration = try ServerConfiguration.load(file: valid.path)
        #expect(configuration.resolvedPath("sts.key.pem") == directory.appendingPathComponent("sts.key.pem").standardizedFileURL.path)
    }
}
