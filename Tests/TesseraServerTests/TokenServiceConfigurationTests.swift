import Foundation
import STS
import Testing
@testable import TesseraServer

/// The token-service sections of the YAML file (users, SAML issuers, identity mapping, renewal,
/// proof keys, JWT and claim settings of relying parties) decode into their fields, and bad
/// values are refused naming the field.
struct TokenServiceConfigurationTests {
    static let identity = ServerConfigurationTests.identity
    static let hash = TestPKI.alice.passwordHash

    func problems(_ yaml: String) -> [String] {
        do {
            _ = try ServerConfiguration(yaml: Self.identity + yaml, baseDirectory: "/etc/tessera")
            return []
        } catch {
            return error.issues.map(\.description)
        }
    }

    @Test func everyTokenServiceFieldDecodes() throws {
        let configuration = try ServerConfiguration(
            yaml: Self.identity + """
                requestors:
                  - name: gateway
                    certificate: gateway.cert.pem
                    realm: corp
                users:
                  - name: alice
                    passwordHash: "\(Self.hash)"
                    attributes:
                      - {name: mail, values: [alice@corp.example]}
                usersRealm: directory
                samlIssuers:
                  - name: https://idp.partner.example
                    certificates: [idp.cert.pem, idp-next.cert.pem]
                    realm: partner
                identityMapping:
                  - realm: corp
                    names:
                      - {exact: "CORP\\\\jdoe", to: john.doe}
                      - {replacePrefix: "CORP\\\\", with: ""}
                      - {replaceSuffix: "@corp.example", with: "@partner.example"}
                    attributeNames: {mail: email}
                    addedAttributes:
                      - {name: tenant, values: [corp]}
                  - names: [{exact: root, to: admin}]
                renewal:
                  enabled: true
                  renewableByDefault: true
                  windowAfterExpirySeconds: 600
                proofKeys:
                  minimumKeySize: 192
                  maximumKeySize: 256
                  defaultKeySize: 256
                  entropy: requestor
                  minimumRequestorEntropyBytes: 32
                relyingParties:
                  - name: api
                    appliesTo: [{prefix: "https://api.example/"}]
                    tokenType: jwt
                    jwtAlgorithm: es256
                    jwtEncapsulation: binary-security-token
                    renewable: false
                    claims:
                      - {name: tenant, value: acme}
                      - {name: roles, values: [reader, writer]}
                      - {name: email, fromAttribute: mail}
                  - name: legacy
                    appliesTo: [{exact: "https://legacy.example/"}]
                    keyType: symmetric
                    acceptedKeyTypes: [symmetric, bearer]
                    encryptionCertificate: legacy.cert.pem
                    encryptsToken: false
                    signatureAlgorithm: rsa-sha1
                    INSECURE_allowSHA1Signature: true
                """, baseDirectory: "/etc/tessera")
        #expect(configuration.requestors.first?.realm == "corp")
        #expect(configuration.users == [.init(name: "alice", passwordHash: Self.hash, attributes: [.init(name: "mail", values: ["alice@corp.example"])])])
        #expect(configuration.usersRealm == "directory")
        #expect(
            configuration.samlIssuers == [.init(name: "https://idp.partner.example", certificates: ["idp.cert.pem", "idp-next.cert.pem"], realm: "partner")])
        #expect(
            configuration.identityMapping == [
                .init(
                    realm: "corp",
                    names: [
                        .exact("CORP\\jdoe", to: "john.doe"), .replacePrefix("CORP\\", with: ""),
                        .replaceSuffix("@corp.example", with: "@partner.example"),
                    ],
                    attributeNames: ["mail": "email"], addedAttributes: [.init(name: "tenant", values: ["corp"])]),
                .init(realm: nil, names: [.exact("root", to: "admin")]),
            ])
        #expect(configuration.renewal == .init(enabled: true, renewableByDefault: true, windowAfterExpirySeconds: 600))
        #expect(
            configuration.proofKeys
                == .init(
                    minimumKeySize: 192, maximumKeySize: 256, defaultKeySize: 256, entropy: .requestor,
                    minimumRequestorEntropyBytes: 32))
        let api = try #require(configuration.relyingParties.first)
        #expect(api.tokenType == .jwt)
        #expect(api.jwtAlgorithm == .es256)
        #expect(api.jwtEncapsulation == .binarySecurityToken)
        #expect(api.renewable == false)
        #expect(
            api.claims == [
                .init(name: "tenant", source: .constant(["acme"])), .init(name: "roles", source: .constant(["reader", "writer"])),
                .init(name: "email", source: .subjectAttribute("mail")),
            ])
        let legacy = try #require(configuration.relyingParties.last)
        #expect(legacy.acceptedKeyTypes == [.symmetricKey, .bearer])
        #expect(legacy.encryptionCertificate == "legacy.cert.pem")
        #expect(!legacy.encryptsToken)
        #expect(legacy.signatureAlgorithm == .rsaSHA1)
        #expect(legacy.INSECURE_allowSHA1Signature)
    }

    @Test(arguments: ["usernameToken", "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#UsernameToken"])
    func aRelyingPartyCanBeGivenTheUsernameTokenType(_ name: String) throws {
        let configuration = try ServerConfiguration(
            yaml: Self.identity + """
                relyingParties:
                  - name: legacy
                    appliesTo: [{exact: "https://legacy.example/"}]
                    tokenType: "\(name)"
                """, baseDirectory: "/")
        #expect(configuration.relyingParties.first?.tokenType == .usernameToken)
    }

    @Test func defaultsOfTheTokenServiceSections() throws {
        let configuration = try ServerConfiguration(
            yaml: Self.identity + "relyingParties:\n  - name: a\n    appliesTo: [{exact: \"urn:a\"}]\n",
            baseDirectory: "/")
        #expect(configuration.users.isEmpty)
        #expect(configuration.usersRealm == "local")
        #expect(configuration.renewal == .init(enabled: true, renewableByDefault: false, windowAfterExpirySeconds: 1800))
        #expect(configuration.proofKeys == .init())
        let party = try #require(configuration.relyingParties.first)
        #expect(party.acceptedKeyTypes == nil)
        #expect(party.encryptsToken)
        #expect(party.signatureAlgorithm == .rsaSHA256)
        #expect(!party.INSECURE_allowSHA1Signature)
        #expect(party.jwtAlgorithm == .rs256)
        #expect(party.jwtEncapsulation == .tokenWrapper)
    }

    /// A plain password where the hash belongs is refused, and never repeated in the message.
    @Test(arguments: ["wonderland-2026", "$scrypt$ln=10,r=8,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2g", "$2b$12$abcdefghijklmnopqrstuu"])
    func passwordThatIsNotAHashIsRefused(_ value: String) {
        let found = problems("users:\n  - name: alice\n    passwordHash: '\(value)'\n")
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("users[0].passwordHash: is not a usable password hash") == true, "\(found)")
        #expect(found.first?.contains(value) == false)
    }

    @Test func tokenServiceValuesAreCheckedNamingTheField() {
        let yaml = """
            requestors:
              - {name: gateway, certificate: gateway.cert.pem, realm: ""}
            users:
              - name: alice
                passwordHash: "\(Self.hash)"
                attributes: [{name: mail, values: []}]
              - name: alice
                passwordHash: "\(Self.hash)"
            samlIssuers:
              - {name: https://sts.example, certificates: [sts.cert.pem]}
              - {name: https://idp.example, certificates: []}
            identityMapping:
              - realm: corp
                names: [{replacePrefix: "", with: x}]
                addedAttributes: [{name: "", values: [x]}]
            renewal:
              windowAfterExpirySeconds: -1
            proofKeys:
              minimumKeySize: 64
              defaultKeySize: 1024
            relyingParties:
              - name: api
                appliesTo: [{exact: "https://api.example/"}]
                acceptedKeyTypes: [public]
                claims: [{name: "", value: x}, {name: y, values: []}]
                encryptionCertificate: ""
                signatureAlgorithm: rsa-sha1
            """
        #expect(
            problems(yaml) == [
                "requestors[0].realm: must not be empty when given",
                "users[0].attributes[0].values: must list at least one value",
                "users[1].name: 'alice' is used by another user",
                "samlIssuers[0].name: is this STS's own issuer, whose tokens are trusted without being listed",
                "samlIssuers[1].certificates: must list at least one PEM certificate file",
                "identityMapping[0].names[0].replacePrefix: must not be empty",
                "identityMapping[0].addedAttributes[0].name: must not be empty",
                "renewal.windowAfterExpirySeconds: must be between 0 and 604800",
                "proofKeys.minimumKeySize: must be a multiple of 8 from 128 to 4096 bits",
                "proofKeys.defaultKeySize: must be between proofKeys.minimumKeySize and proofKeys.maximumKeySize",
                "relyingParties[0].acceptedKeyTypes: must include keyType (bearer)",
                "relyingParties[0].claims[0].name: must not be empty",
                "relyingParties[0].claims[1].values: must list at least one value",
                "relyingParties[0].encryptionCertificate: must name a PEM certificate file when given",
                "relyingParties[0].signatureAlgorithm: rsa-sha1 is refused unless INSECURE_allowSHA1Signature is true (SHA-1 signatures can be forged)",
            ])
    }

    @Test(arguments: [
        (
            "relyingParties:\n  - {name: x, appliesTo: [{exact: \"urn:x\"}], signatureAlgorithm: rsa-md5}\n",
            "relyingParties[0].signatureAlgorithm: 'rsa-md5' is not a signature algorithm (rsa-sha256, rsa-sha512, rsa-sha1)"
        ),
        (
            "relyingParties:\n  - {name: x, appliesTo: [{exact: \"urn:x\"}], jwtAlgorithm: hs256}\n",
            "relyingParties[0].jwtAlgorithm: 'hs256' is not a JWT algorithm (rs256, es256)"
        ),
        (
            "relyingParties:\n  - {name: x, appliesTo: [{exact: \"urn:x\"}], jwtEncapsulation: jwe}\n",
            "relyingParties[0].jwtEncapsulation: 'jwe' is not a JWT encapsulation (token-wrapper, binary-security-token)"
        ),
        (
            "relyingParties:\n  - {name: x, appliesTo: [{exact: \"urn:x\"}], claims: [{name: a, value: b, fromAttribute: c}]}\n",
            "relyingParties[0].claims[0]: give exactly one of value, values or fromAttribute"
        ),
        (
            "relyingParties:\n  - {name: x, appliesTo: [{exact: \"urn:x\"}], acceptedKeyTypes: [bearer, rsa]}\n",
            "relyingParties[0].acceptedKeyTypes[1]: 'rsa' is not a key type (bearer, symmetric, public)"
        ),
        ("proofKeys:\n  entropy: client\n", "proofKeys.entropy: 'client' is not an entropy mode (combined, issuer, requestor)"),
        (
            "identityMapping:\n  - names: [{exact: a, with: b}]\n",
            "identityMapping[0].names[0]: give {exact, to}, {replacePrefix, with} or {replaceSuffix, with}"
        ),
        ("users:\n  - name: alice\n    password: secret\n", "users[0].password: unknown field"),
        ("samlIssuers:\n  - name: x\n", "samlIssuers[0].certificates: missing (required)"),
    ])
    func decodingErrorsNameTheField(_ yaml: String, _ expected: String) {
        #expect(problems(yaml) == [expected])
    }

    /// The sample configuration's commented user, uncommented with a real hash, is a valid entry.
    @Test func sampleUserExampleWorksOnceUncommented() throws {
        var inUsers = false
        let lines = SampleConfiguration.yaml().split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            if line.hasPrefix("# users:") { inUsers = true }
            defer { if line.hasPrefix("# usersRealm:") { inUsers = false } }
            guard inUsers, line.hasPrefix("# ") else { return String(line) }
            return String(line.dropFirst(2)).replacingOccurrences(of: "$scrypt$ln=15,r=8,p=1$<salt>$<hash>", with: "\"\(Self.hash)\"")
        }
        let configuration = try ServerConfiguration(yaml: lines.joined(separator: "\n"), baseDirectory: "/")
        #expect(configuration.users.map(\.name) == ["alice"])
        #expect(configuration.users.first?.passwordHash == Self.hash)
        #expect(configuration.users.first?.attributes == [.init(name: "mail", values: ["alice@tessera.test"])])
        #expect(configuration.usersRealm == "local")
    }
}
