import Foundation
import SAML
import Testing
import WSSecurity
import XMLCore
import XMLSecurity

/// Assertions whose signature is missing, broken or made by a key we do not trust.
struct SignatureRefusalTests {
    @Test func tamperedNameIDFailsTheSignature() async throws {
        let document = try signedAndReceived(Samples.senderVouches())
        let nameID = try #require(
            document.root.firstChild("Subject", SAMLNamespace.assertion20)?
                .firstChild("NameID", SAMLNamespace.assertion20))
        nameID.setText("admin")
        await expectSAMLError(.invalidSignature) { _ = try await makeValidator().validate(document.root) }
    }

    @Test func tamperedAttributeValueInTheBytesFailsTheSignature() async throws {
        let bytes = try SAMLAssertionSigner(credential: Fixtures.sts).signedDocument(Samples.senderVouches()).serialize()
        let tampered = bytes.utf8String.replacingOccurrences(of: ">reader<", with: ">admins<")
        #expect(tampered != bytes.utf8String)
        await expectSAMLError(.invalidSignature) { _ = try await makeValidator().validate(serialized: Array(tampered.utf8)) }
    }

    @Test func assertionSignedByAnUntrustedKeyIsRefused() async throws {
        let document = try signedAndReceived(Samples.senderVouches(), signer: Fixtures.untrusted)
        await expectSAMLError(.untrustedSigner) { _ = try await makeValidator().validate(document.root) }
    }

    /// A valid signature by a CA-issued certificate that is not the STS's still passes the trust
    /// store; binding issuers to their certificates refuses it.
    @Test func issuerBoundToItsCertificateRefusesAnotherTrustedSigner() async throws {
        let document = try signedAndReceived(Samples.senderVouches(), signer: Fixtures.gateway)
        let anyTrusted = SAMLAssertionValidator(trustStore: Fixtures.trustStore, clock: .fixed(Fixtures.now)) {
            SAMLIssuerPolicy(allowed: [Fixtures.stsIssuer])
            SAMLAudiencePolicy(audience: Fixtures.audience)
        }
        #expect(try await anyTrusted.validate(document.root).signer == Fixtures.gateway.certificate)
        let bound = SAMLAssertionValidator(trustStore: Fixtures.trustStore, clock: .fixed(Fixtures.now)) {
            SAMLIssuerPolicy(signers: [Fixtures.stsIssuer: [Fixtures.sts.certificate]])
            SAMLAudiencePolicy(audience: Fixtures.audience)
        }
        await expectSAMLError(.issuerNotAllowed) { _ = try await bound.validate(document.root) }
        _ = try await bound.validate(try signedAndReceived(Samples.senderVouches()).root)
    }

    @Test func unsignedAssertionIsRefused() async throws {
        let document = try Samples.senderVouches().makeDocument()
        await expectSAMLError(.unsigned) { _ = try await makeValidator().validate(document.root) }
    }

    @Test func removedSignatureIsRefused() async throws {
        let document = try signedAndReceived(Samples.senderVouches())
        try #require(document.root.firstChild("Signature", XMLSecurityNamespace.ds)).remove()
        await expectSAMLError(.unsigned) { _ = try await makeValidator().validate(document.root) }
    }

    @Test func signatureWithoutCertificateIsRefused() async throws {
        let document = try signedAndReceived(Samples.senderVouches())
        let signature = try #require(document.root.firstChild("Signature", XMLSecurityNamespace.ds))
        try #require(signature.firstChild("KeyInfo", XMLSecurityNamespace.ds)).remove()
        await expectSAMLError(.untrustedSigner) { _ = try await makeValidator().validate(document.root) }
    }

    /// A trusted certificate swapped into KeyInfo does not make another key's signature valid.
    @Test func certificateSwappedIntoKeyInfoFailsTheSignature() async throws {
        let document = try signedAndReceived(Samples.senderVouches(), signer: Fixtures.untrusted)
        let certificate = try #require(
            document.root.firstChild("Signature", XMLSecurityNamespace.ds)?
                .firstChild("KeyInfo", XMLSecurityNamespace.ds)?.firstChild("X509Data", XMLSecurityNamespace.ds)?
                .firstChild("X509Certificate", XMLSecurityNamespace.ds))
        certificate.setText(Data(try Fixtures.sts.certificate.derBytes).base64EncodedString())
        await expectSAMLError(.invalidSignature) { _ = try await makeValidator().validate(document.root) }
    }

    /// The signature must sit where the schema puts it: after Issuer (2.0).
    @Test func signatureOutOfPlaceIsRefusedAsMalformed() async throws {
        let document = try signedAndReceived(Samples.senderVouches())
        let signature = try #require(document.root.firstChild("Signature", XMLSecurityNamespace.ds))
        document.root.addCopy(of: signature)
        signature.remove()
        await expectSAMLError(.malformed) { _ = try await makeValidator().validate(document.root) }
    }

    @Test func errorsBecomeInvalidSecurityTokenFaults() {
        #expect(SAMLError(.invalidSignature, "x").wsSecurityError.code == .invalidSecurityToken)
        #expect(SAMLError(.expired, "x").wsSecurityError.code == .invalidSecurityToken)
        #expect(SAMLError(.signatureScope, "x").wsSecurityError.code == .invalidSecurityToken)
        #expect(SAMLError(.unsupported, "x").wsSecurityError.code == .unsupportedSecurityToken)
        #expect(
            SAMLError(.audienceMismatch, "the assertion is not addressed to this audience").wsSecurityError.reason
                == "the assertion is not addressed to this audience")
    }
}
