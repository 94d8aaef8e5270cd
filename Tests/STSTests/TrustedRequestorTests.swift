import Testing
import X509
@testable import STS

/// A requestor's authenticated name is its certificate's subject, formatted once and kept in
/// step when the certificate is replaced.
struct TrustedRequestorTests {
    @Test func theSubjectNameFollowsTheCertificate() {
        var requestor = TrustedRequestor(name: "gateway", certificate: TestPKI.gateway.certificate, mayDelegate: true)
        #expect(requestor.subjectName == TestPKI.gateway.certificate.subject.description)
        #expect(requestor.subjectName.contains("CN="))
        requestor.certificate = TestPKI.chained.certificate
        #expect(requestor.subjectName == TestPKI.chained.certificate.subject.description)
        #expect(requestor.subjectName != TestPKI.gateway.certificate.subject.description)
    }
}
