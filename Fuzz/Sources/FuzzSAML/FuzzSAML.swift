import FuzzSupport
import SAML
import WSSecurity
import XMLCore

/// The SAML assertion validator (SAML 2.0 core §2, §5.4; SAML 1.1 core §2) on mutated signed
/// assertions of both versions: the always-on checks (shape, enveloped signature, unique IDs,
/// trusted signer, the reference covering this very assertion, time bounds, conditions) and
/// the issuer, audience and subject-confirmation policies, at a fixed time against the test
/// PKI. Refusals are expected; a crash is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSAML(_ data: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = fuzzInput(data, count)
    runBlocking {
        _ = try? await validator.validate(serialized: bytes)
    }
    return 0
}

private let validator = SAMLAssertionValidator(trustStore: TestPKI.trustStore, clock: .fixed(TestPKI.now)) {
    SAMLIssuerPolicy(allowed: [SignedAssertions.issuer])
    SAMLAudiencePolicy(audience: SignedAssertions.audience)
    SAMLSubjectConfirmationPolicy(allowed: [.bearer, .senderVouches, .holderOfKey])
}

@_cdecl("FuzzSAML_main")
public func fuzzSAMLMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, seeds: SignedAssertions.all, fuzzSAML)
}
