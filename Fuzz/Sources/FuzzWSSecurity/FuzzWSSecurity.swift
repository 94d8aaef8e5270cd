import FuzzSupport
import SecurityCore
import SOAP
import WSSecurity
import XMLCore

/// The WS-Security inbound engine on mutated secured envelopes: signed with each key reference
/// form, encrypted, with UsernameTokens and SignatureConfirmations (WSS 1.1 §5, processed in
/// header order), checked at a fixed time against the test PKI. Every input gets a fresh replay
/// cache, so a message is judged the same however often it is run. Refusals are expected; a
/// crash is a finding. Whatever the engine leaves of the envelope (decrypted parts are put in
/// place) goes through ``WriterCheck``.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWSSecurity(_ data: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = fuzzInput(data, count)
    runBlocking {
        guard let envelope = try? SOAPEnvelope(parsing: bytes) else { return }
        var configuration = InboundSecurityConfiguration(trustStore: Inbound.trustStore)
        configuration.decryptionCredentials = [Inbound.service]
        configuration.usernameAuthenticator = FixedPasswordAuthenticator()
        configuration.clock = .fixed(TestPKI.now)
        configuration.replayCache = InMemoryReplayCache()
        var policy = SecurityPolicy()
        policy.authentication = .x509SignatureOrUsernamePassword
        _ = try? await WSSecurityEngine(configuration: configuration, policy: policy).process(envelope)
        WriterCheck.check(envelope.document)
    }
    return 0
}

/// What the receiver knows: the test CA, and the gateway's certificate for the key
/// references that only name it (SKI, thumbprint, issuer and serial).
private enum Inbound {
    static let trustStore = X509TrustStore(anchors: [TestPKI.certificate("ca")], known: [TestPKI.certificate("gateway")])
    static let service = TestPKI.credential("service")
}

/// Accepts `jdoe` with the text password `secret`.
private struct FixedPasswordAuthenticator: UsernameTokenAuthenticator {
    func authenticate(_ token: UsernameToken) async throws {
        guard token.username == "jdoe", token.password == .text("secret") else {
            throw WSSecurityError(.failedAuthentication, "the username or password is not valid")
        }
    }
}

@_cdecl("FuzzWSSecurity_main")
public func fuzzWSSecurityMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, seeds: SecuredEnvelopes.all, fuzzWSSecurity)
}
