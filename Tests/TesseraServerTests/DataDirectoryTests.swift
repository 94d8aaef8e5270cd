import Foundation
import SOAP
import STS
import TesseraSamples
import Testing
import WSTrust
import X509
@testable import TesseraServer

/// First start creates the development data directory; later starts reuse it untouched.
struct DataDirectoryTests {
    func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-data-\(UUID().uuidString)")
        return url
    }

    func mode(_ path: String) throws -> Int {
        try (FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test func bootstrapCreatesKeysOwnerOnlyAndAWorkingConfiguration() async throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let directory = DataDirectory(path: root.appendingPathComponent("nested/tessera-data").path)
        guard case .created(let files) = try directory.bootstrapIfNeeded(endpointAddress: "http://127.0.0.1:8080/sts") else {
            Issue.record("a new directory was not bootstrapped")
            return
        }
        #expect(
            Set(files.map { URL(fileURLWithPath: $0).lastPathComponent })
                == Set(DataDirectory.DevelopmentFile.allCases.map(\.rawValue) + ["tessera.yaml", "sample-rst.xml"]))
        #expect(try mode(directory.path) == 0o700)
        for file in DataDirectory.DevelopmentFile.allCases where file.isPrivateKey {
            #expect(try mode(directory.file(file.rawValue)) & 0o777 == 0o600, "\(file.rawValue)")
        }
        #expect(try mode(directory.file("sts.cert.pem")) & 0o022 == 0)

        // The sample configuration loads, maps to a token service, and trusts the gateway.
        let configuration = try ServerConfiguration.load(file: directory.configurationFile)
        #expect(configuration.storePath == URL(fileURLWithPath: directory.file("tessera.sqlite")).standardizedFileURL.path)
        let sts = try STSConfiguration(configuration)
        let gateway = try Certificate(pemEncoded: String(contentsOfFile: directory.file("gateway.cert.pem"), encoding: .utf8))
        let ca = try Certificate(pemEncoded: String(contentsOfFile: directory.file("dev-ca.cert.pem"), encoding: .utf8))
        #expect(sts.requestors.first?.certificate == gateway)
        #expect(sts.requestors.first?.mayDelegate == true)
        #expect(gateway.issuer == ca.subject)
        var verifier = Verifier(rootCertificates: CertificateStore([ca])) { RFC5280Policy() }
        let result = await verifier.validate(leaf: gateway, intermediates: CertificateStore())
        guard case .validCertificate = result else {
            Issue.record("the gateway certificate does not chain to the development CA: \(result)")
            return
        }
        #expect(sts.signingCredential.certificate.subject.description.contains("Tessera development STS"))

        // It hosts the sample HelloService for the sample relying party, vouched for by the gateway.
        #expect(configuration.helloService?.path == "/hello")
        let hello = try #require(try HelloService.hosted(by: configuration))
        #expect(hello.policy.audiences == [SampleConfiguration.sampleServiceAddress])
        #expect(hello.policy.attestingEntities == [gateway])
        #expect(hello.policy.issuers == [sts.signingCredential.certificate])
        #expect(try String(contentsOfFile: directory.configurationFile, encoding: .utf8).contains("# Who this STS is"))

        // The sample request is an unsigned Issue for the sample relying party.
        let sample = try SOAPEnvelope(parsing: Array(Data(contentsOf: URL(fileURLWithPath: directory.file("sample-rst.xml")))))
        let rst = try RequestSecurityToken(element: try #require(sample.bodyPayload))
        #expect(rst.appliesTo?.address == SampleConfiguration.sampleServiceAddress)
        #expect(sts.relyingParties.party(for: SampleConfiguration.sampleServiceAddress)?.name == "hello")
        #expect(sts.relyingParties.party(for: SampleConfiguration.sampleServiceAddress)?.claims == [ClaimRule(name: "tenant", source: .constant(["tessera"]))])
        #expect(sts.relyingParties.party(for: "https://api.tessera.test/orders")?.tokenType == .jwt)
    }

    @Test func secondStartReusesEverything() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let directory = DataDirectory(path: root.path)
        _ = try directory.bootstrapIfNeeded(endpointAddress: "http://127.0.0.1:8080/sts")
        let key = try Data(contentsOf: URL(fileURLWithPath: directory.file("sts.key.pem")))
        #expect(try directory.bootstrapIfNeeded(endpointAddress: "http://127.0.0.1:8080/sts") == .reused)
        #expect(try Data(contentsOf: URL(fileURLWithPath: directory.file("sts.key.pem"))) == key)
    }

    @Test func halfMadeDirectoryIsNotCompleted() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try Data("not a key".utf8).write(to: root.appendingPathComponent("sts.key.pem"))
        #expect(throws: DataDirectoryError.self) {
            _ = try DataDirectory(path: root.path).bootstrapIfNeeded(endpointAddress: "http://127.0.0.1:8080/sts")
        }
        #expect(try String(contentsOf: root.appendingPathComponent("sts.key.pem"), encoding: .utf8) == "not a key")
    }

    @Test func directoryComesFromTheFlagThenTheEnvironment() {
        #expect(DataDirectory.resolve(flag: "/a", environment: ["TESSERA_DATA_DIR": "/b"]).path == "/a")
        #expect(DataDirectory.resolve(flag: nil, environment: ["TESSERA_DATA_DIR": "/b"]).path == "/b")
        #expect(DataDirectory.resolve(flag: nil, environment: [:]).path == "tessera-data")
    }
}
