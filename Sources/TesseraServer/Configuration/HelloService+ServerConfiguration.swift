import Foundation
import SAML
public import TesseraSamples
import WSSecurity

extension HelloService {
    /// The service of `configuration`'s `helloService` section (nil without one): assertions
    /// signed by the STS's own signing certificate, for the section's audiences, vouched for by
    /// its gateway certificates, with the clock skew of `security.clockSkewSeconds`.
    ///
    /// - Throws: ``ConfigurationError`` naming each certificate file that cannot be read.
    public static func hosted(by configuration: ServerConfiguration) throws(ConfigurationError) -> HelloService? {
        guard let section = configuration.helloService else { return nil }
        let field = FieldPath()("helloService")
        var files = PEMFileReader(configuration: configuration)
        let issuers = files.certificates(at: configuration.identity.signingCertificate, field: FieldPath()("identity")("signingCertificate"))
        let gateways = section.gatewayCertificates.enumerated().flatMap { index, file in
            files.certificates(at: file, field: field("gatewayCertificates")[index])
        }
        try files.issues.throwIfAny()
        // The file's first certificate is the signing certificate; the rest would be its chain.
        var policy = SAMLTokenPolicy(issuers: Array(issuers.prefix(1)), audiences: Set(section.audiences), attestingEntities: gateways)
        policy.clockSkew = TimeInterval(configuration.security.clockSkewSeconds)
        return HelloService(policy: policy)
    }
}
