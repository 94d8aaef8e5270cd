import Foundation
import Testing
@testable import TesseraServer

/// The `helloService` section: read with strict keys, checked with field-named errors.
struct HelloServiceConfigurationTests {
    func problems(_ yaml: String) -> [String] {
        do {
            _ = try ServerConfiguration(yaml: ServerConfigurationTests.identity + yaml, baseDirectory: "/etc/tessera")
            return []
        } catch {
            return error.issues.map(\.description)
        }
    }

    @Test func theSectionIsOffWhenAbsentAndEveryFieldIsRead() throws {
        let absent = try ServerConfiguration(yaml: ServerConfigurationTests.identity, baseDirectory: "/")
        #expect(absent.helloService == nil)
        let configuration = try ServerConfiguration(
            yaml: ServerConfigurationTests.identity + """
                helloService:
                  path: /services/hello
                  audiences: [https://hello.example/HelloService]
                  gatewayCertificates: [gateway.cert.pem]
                """, baseDirectory: "/")
        #expect(
            configuration.helloService
                == .init(
                    path: "/services/hello", audiences: ["https://hello.example/HelloService"],
                    gatewayCertificates: ["gateway.cert.pem"]))
    }

    @Test func unknownFieldsAndMissingTrustAreRefusedByField() {
        let trust = "  audiences: [https://hello.example/]\n  gatewayCertificates: [gateway.cert.pem]\n"
        #expect(problems("helloService:\n" + trust + "  issuers: [sts.cert.pem]\n") == ["helloService.issuers: unknown field"])
        #expect(
            problems("helloService: {}\n") == [
                "helloService.audiences: must name at least one non-empty audience",
                "helloService.gatewayCertificates: must name at least one PEM certificate file",
            ])
        #expect(problems("helloService:\n  path: /sts\n" + trust) == ["helloService.path: /sts is an STS endpoint"])
        #expect(problems("helloService:\n  path: /health\n" + trust) == ["helloService.path: /health is reserved for operations"])
        #expect(
            problems("secureConversation: {path: /hello}\nhelloService:\n" + trust)
                == ["helloService.path: /hello is the secure-conversation service's (secureConversation.path)"])
    }
}
