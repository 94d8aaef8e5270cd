import Foundation
import SecureConversation
import SOAP
import TesseraServer

extension GatewayConfiguration {
    /// The route's `outbound.secureConversation` section, checked: present exactly with the
    /// `secure-conversation` binding, a known bootstrap, version, SOAP version and algorithm
    /// suite, a readable provider certificate, and renewal settings that renew before expiry.
    /// Nil when the binding is another one or a field is faulty (recorded in `issues`).
    func resolveSecureConversation(
        _ route: Route, field outbound: FieldPath, files: inout PEMFileReader, issues: inout IssueCollector
    ) -> SecureConversationRoute? {
        let field = outbound("secureConversation")
        guard route.outbound.binding == "secure-conversation" else {
            if route.outbound.secureConversation != nil { issues.add(field, "is used only with binding: secure-conversation") }
            return nil
        }
        guard let section = route.outbound.secureConversation else {
            issues.add(field, "the secure-conversation binding needs this section (bootstrap, providerCertificate)")
            return nil
        }
        let before = issues.issues.count
        let bootstrap = SecureConversationRoute.Bootstrap(rawValue: section.bootstrap)
        if bootstrap == nil {
            issues.add(field("bootstrap"), "must be " + SecureConversationRoute.Bootstrap.allCases.map(\.rawValue).joined(separator: " or "))
        }
        let version: SecureConversationVersion? =
            switch section.version {
            case "1.3": .v13
            case "2005-02": .v200502
            default: nil
            }
        if version == nil { issues.add(field("version"), "must be 1.3 or 2005-02") }
        let soapVersion: SOAPVersion? =
            switch section.soapVersion {
            case "1.1": .v11
            case "1.2": .v12
            default: nil
            }
        if soapVersion == nil { issues.add(field("soapVersion"), "must be 1.1 or 1.2") }
        typealias Suite = ServerConfiguration.SecureConversation.AlgorithmSuiteName
        let suite = Suite(rawValue: section.algorithmSuite)
        if suite == nil { issues.add(field("algorithmSuite"), "must be " + Suite.allCases.map(\.rawValue).joined(separator: ", ")) }
        if let lifetime = section.tokenLifetimeSeconds, !(60...86_400).contains(lifetime) {
            issues.add(field("tokenLifetimeSeconds"), "must be between 60 and 86400")
        }
        if !(section.renewalFraction > 0 && section.renewalFraction <= 1) {
            issues.add(field("renewalFraction"), "must be more than 0 and at most 1")
        }
        if let window = section.renewalWindowSeconds {
            if window < 0 {
                issues.add(field("renewalWindowSeconds"), "must not be negative")
            } else if let lifetime = section.tokenLifetimeSeconds, window >= lifetime {
                issues.add(field("renewalWindowSeconds"), "must be less than tokenLifetimeSeconds (\(lifetime))")
            }
        }
        let certificate = files.certificates(at: section.providerCertificate, field: field("providerCertificate")).first
        guard issues.issues.count == before, let bootstrap, let version, let soapVersion, let suite, let certificate else { return nil }
        return SecureConversationRoute(
            bootstrap: bootstrap, providerCertificate: certificate, version: version, soapVersion: soapVersion,
            protection: suite.protection, tokenLifetime: section.tokenLifetimeSeconds.map(TimeInterval.init),
            renewalFraction: section.renewalFraction, renewalWindow: section.renewalWindowSeconds.map(TimeInterval.init),
            cancelOnShutdown: section.cancelOnShutdown)
    }
}
