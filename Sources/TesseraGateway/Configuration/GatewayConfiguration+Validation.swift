import Foundation
import SOAP
import SwiftASN1
import TesseraCrypto
public import TesseraServer
import WSSecurity
import WSTrust
import X509

extension GatewayConfiguration {
    /// Paths the operations endpoints take; no route may use them.
    static let reservedPaths: Set<String> = ["/health", "/ready", "/metrics"]

    /// Checks every field and reads every file the configuration names.
    ///
    /// - Throws: ``TesseraServer/ConfigurationError`` naming every faulty field.
    public func validate() throws(ConfigurationError) {
        _ = try settings()
    }

    /// The validated configuration with its files read.
    func settings() throws(ConfigurationError) -> GatewaySettings {
        var issues = IssueCollector()
        let root = FieldPath()
        if listen.host.isEmpty { issues.add(root("listen")("host"), "must not be empty") }
        if !(0...65_535).contains(listen.port) { issues.add(root("listen")("port"), "must be between 0 and 65535") }
        if maxRequestBytes < 1024 { issues.add(root("maxRequestBytes"), "must be at least 1024") }
        if maxResponseBytes < 1024 { issues.add(root("maxResponseBytes"), "must be at least 1024") }
        if cache.maxEntries < 0 { issues.add(root("cache")("maxEntries"), "must not be negative") }
        if cache.marginSeconds < 0 { issues.add(root("cache")("marginSeconds"), "must not be negative") }
        if cache.maxLifetimeSeconds < 1 { issues.add(root("cache")("maxLifetimeSeconds"), "must be at least 1") }
        if cache.refusalSeconds < 0 { issues.add(root("cache")("refusalSeconds"), "must not be negative") }

        var files = PEMFileReader(resolvingPaths: resolvedPath)
        let loadedCredential = files.credential(
            key: credential.key, keyField: root("credential")("key"),
            certificate: credential.certificate, certificateField: root("credential")("certificate"))
        if let tls {
            let field = root("tls")
            _ = files.certificates(at: tls.certificate, field: field("certificate"))
            _ = files.privateKey(at: tls.key, field: field("key"))
            for (index, path) in tls.clientCertificateAuthorities.enumerated() {
                _ = files.certificates(at: path, field: field("clientCertificateAuthorities")[index])
            }
        }
        if routes.isEmpty { issues.add(root("routes"), "at least one route is needed") }
        var routes: [GatewaySettings.Route] = []
        var names = Set<String>()
        var seen = Set<String>()
        for (index, route) in self.routes.enumerated() {
            let field = root("routes")[index]
            if !names.insert(route.name).inserted { issues.add(field("name"), "another route has the name '\(route.name)'") }
            let keys = route.addressingTo.isEmpty ? [route.path] : route.addressingTo.map { route.path + " " + $0 }
            for key in keys where !seen.insert(key).inserted {
                issues.add(field("addressingTo"), "another route already takes these requests on \(route.path)")
            }
            if let resolved = resolve(route, field: field, files: &files, issues: &issues) { routes.append(resolved) }
        }
        issues.add(contentsOf: files.issues)
        try issues.throwIfAny()
        guard let loadedCredential else { throw ConfigurationError(field: "credential", "cannot be used") }
        return GatewaySettings(
            listen: listen, tls: tls, maxRequestBytes: maxRequestBytes, maxResponseBytes: maxResponseBytes, credential: loadedCredential,
            cache: TokenCachePolicy(
                maxEntries: cache.maxEntries, margin: TimeInterval(cache.marginSeconds),
                maxLifetime: TimeInterval(cache.maxLifetimeSeconds), refusalLifetime: TimeInterval(cache.refusalSeconds)),
            routes: routes)
    }

    private func resolve(_ route: Route, field: FieldPath, files: inout PEMFileReader, issues: inout IssueCollector) -> GatewaySettings.Route? {
        let before = issues.issues.count
        if route.name.isEmpty || route.name.count > 64 || !route.name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }) {
            issues.add(field("name"), "must be 1 to 64 letters, digits, '-', '_' or '.'")
        }
        if !route.path.hasPrefix("/") || route.path.contains("?") || route.path.contains("*") {
            issues.add(field("path"), "must be an absolute path without query or wildcard")
        } else if Self.reservedPaths.contains(route.path) {
            issues.add(field("path"), "is reserved for the operations endpoints")
        }
        if !Self.isHTTPURL(route.provider) { issues.add(field("provider"), "must be an absolute http or https URL") }
        if let appliesTo = route.appliesTo, appliesTo.trimmingCharacters(in: .whitespaces).isEmpty {
            issues.add(field("appliesTo"), "must not be empty")
        }
        if !Self.isHTTPURL(route.sts.endpoint) { issues.add(field("sts")("endpoint"), "must be an absolute http or https URL") }
        let trustVersion: WSTrustVersion? =
            switch route.sts.trustVersion {
            case "1.3": .v13
            case "2005-02": .v200502
            default: nil
            }
        if trustVersion == nil { issues.add(field("sts")("trustVersion"), "must be 1.3 or 2005-02") }
        let soapVersion: SOAPVersion? =
            switch route.sts.soapVersion {
            case "1.1": .v11
            case "1.2": .v12
            default: nil
            }
        if soapVersion == nil { issues.add(field("sts")("soapVersion"), "must be 1.1 or 1.2") }
        let stsCertificate = files.certificates(at: route.sts.certificate, field: field("sts")("certificate")).first
        let stsTLSRoots = route.sts.tlsCertificateAuthorities.enumerated().flatMap { index, path in
            files.certificates(at: path, field: field("sts")("tlsCertificateAuthorities")[index])
        }
        if !route.sts.tlsCertificateAuthorities.isEmpty, URL(string: route.sts.endpoint)?.scheme?.lowercased() != "https" {
            issues.add(field("sts")("tlsCertificateAuthorities"), "needs an https endpoint")
        }
        let tokenType: TokenType? = route.tokenType.flatMap { name in
            switch name {
            case "saml2.0": return .saml20
            case "saml1.1": return .saml11
            case "usernameToken": return .usernameToken
            default:
                guard name.contains(":") else {
                    issues.add(field("tokenType"), "must be saml2.0, saml1.1, usernameToken or a token type URI")
                    return nil
                }
                return TokenType(rawValue: name)
            }
        }
        let secureConversation = resolveSecureConversation(route, field: field("outbound"), files: &files, issues: &issues)
        if route.outbound.binding == "secure-conversation", secureConversation?.bootstrap == .samlHolderOfKey {
            if route.keyType != nil {
                issues.add(field("keyType"), "must be left out: the secure-conversation binding asks for a PublicKey (holder-of-key) token")
            }
            if tokenType == .usernameToken {
                issues.add(field("tokenType"), "must be a SAML token type: the secure-conversation binding needs a holder-of-key assertion")
            }
        } else if let keyType = route.keyType, keyType != "bearer" {
            issues.add(field("keyType"), "must be bearer: a sender-vouches token carries no proof key")
        }
        if !(1...300).contains(route.timeoutSeconds) { issues.add(field("timeoutSeconds"), "must be between 1 and 300") }
        let form = ConsumerForm(rawValue: route.inbound.form)
        if form == nil { issues.add(field("inbound")("form"), "must be identity-assertion or password") }
        var networks: [IPNetwork] = []
        for (index, text) in route.inbound.trustedNetworks.enumerated() {
            guard let network = IPNetwork(text) else {
                issues.add(field("inbound")("trustedNetworks")[index], "'\(text)' is not an IPv4 or IPv6 address or CIDR network")
                continue
            }
            networks.append(network)
        }
        if route.inbound.trustClientCertificates, tls?.clientCertificateAuthorities.isEmpty ?? true {
            issues.add(field("inbound")("trustClientCertificates"), "needs tls.clientCertificateAuthorities (mutual TLS)")
        }
        if form == .identityAssertion, networks.isEmpty, !route.inbound.trustClientCertificates {
            issues.add(field("inbound"), "an identity-assertion route needs trustedNetworks or trustClientCertificates")
        }
        if !["sender-vouches", "secure-conversation"].contains(route.outbound.binding) {
            issues.add(field("outbound")("binding"), "must be sender-vouches or secure-conversation")
        }
        let signingForm = AssertionSigningForm(rawValue: route.outbound.assertionReference)
        if signingForm == nil {
            issues.add(field("outbound")("assertionReference"), "must be " + AssertionSigningForm.allCases.map(\.rawValue).joined(separator: " or "))
        }

        guard issues.issues.count == before, let trustVersion, let soapVersion, let stsCertificate, let form, let signingForm else { return nil }
        return GatewaySettings.Route(
            name: route.name, path: route.path, addressingTo: Set(route.addressingTo), provider: route.provider,
            appliesTo: route.effectiveAppliesTo.trimmingCharacters(in: .whitespaces), stsEndpoint: route.sts.endpoint,
            stsCertificate: stsCertificate, stsTLSRoots: stsTLSRoots, trustVersion: trustVersion, stsSOAPVersion: soapVersion, tokenType: tokenType,
            bearerKeyType: route.keyType != nil, timeout: .seconds(route.timeoutSeconds), consumerForm: form,
            trustedNetworks: networks, trustClientCertificates: route.inbound.trustClientCertificates, signingForm: signingForm,
            secureConversation: secureConversation)
    }

    private static func isHTTPURL(_ text: String) -> Bool {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), let host = url.host else { return false }
        return (scheme == "http" || scheme == "https") && !host.isEmpty
    }
}
