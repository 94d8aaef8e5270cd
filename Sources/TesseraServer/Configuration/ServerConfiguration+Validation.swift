import Foundation
import XMLCore

extension ServerConfiguration {
    /// Paths the server serves besides the STS endpoints; the endpoint may not take them.
    static let operationsPaths: Set<String> = ["/metrics", "/health", "/ready"]

    /// Checks every field's value and the fields' agreement (names unique and referenced names
    /// defined, lifetimes within the maximum, paths that do not collide). Files are not opened
    /// here: reading them reports its own errors, naming the field.
    ///
    /// - Throws: ``ConfigurationError`` with every problem found.
    public func validate() throws(ConfigurationError) {
        var issues = IssueCollector()
        let root = FieldPath()

        if listen.host.trimmingCharacters(in: .whitespaces).isEmpty { issues.add(root("listen")("host"), "must not be empty") }
        if !(0...65_535).contains(listen.port) { issues.add(root("listen")("port"), "must be between 0 and 65535") }
        if let tls {
            if tls.certificate.isEmpty { issues.add(root("tls")("certificate"), "must name a PEM certificate file") }
            if tls.key.isEmpty { issues.add(root("tls")("key"), "must name a PEM private key file") }
        }
        if let publicBaseURL, let problem = Self.problem(withBaseURL: publicBaseURL) {
            issues.add(root("publicBaseURL"), problem)
        }

        if let problem = Self.problem(withPath: endpoint.path) { issues.add(root("endpoint")("path"), problem) }
        let parserLimit = XMLParsingLimits.default.maxDocumentBytes
        if !(1024...parserLimit).contains(endpoint.maxRequestBytes) {
            issues.add(root("endpoint")("maxRequestBytes"), "must be between 1024 and \(parserLimit)")
        }
        if adfs.enabled {
            if let problem = Self.problem(withPath: adfs.prefix) { issues.add(root("adfs")("prefix"), problem) }
        }
        if Self.operationsPaths.contains(endpoint.path) {
            issues.add(root("endpoint")("path"), "\(endpoint.path) is reserved for operations")
        } else if adfs.enabled, STSRoutes(configuration: self).adfsPaths.contains(endpoint.path) {
            issues.add(root("endpoint")("path"), "\(endpoint.path) is one of the ADFS endpoints; change adfs.prefix or endpoint.path")
        }

        if dataDirectory.isEmpty { issues.add(root("dataDirectory"), "must not be empty") }
        if store.sqlite.isEmpty { issues.add(root("store")("sqlite"), "must name a file") }

        let identityPath = root("identity")
        if identity.issuer.trimmingCharacters(in: .whitespaces).isEmpty { issues.add(identityPath("issuer"), "must not be empty") }
        if identity.nameQualifier?.isEmpty == true { issues.add(identityPath("nameQualifier"), "must not be empty when given") }
        if identity.signingKey.isEmpty { issues.add(identityPath("signingKey"), "must name a PEM private key file") }
        if identity.signingCertificate.isEmpty { issues.add(identityPath("signingCertificate"), "must name a PEM certificate file") }

        for (index, proxy) in listen.trustedProxies.enumerated() where !Self.isIPAddress(proxy) {
            issues.add(root("listen")("trustedProxies")[index], "'\(proxy)' is not an IPv4 or IPv6 address")
        }
        for (index, anchor) in trustAnchors.enumerated() where anchor.isEmpty {
            issues.add(root("trustAnchors")[index], "must name a PEM certificate file")
        }
        var requestorNames = Set<String>()
        for (index, requestor) in requestors.enumerated() {
            let path = root("requestors")[index]
            if requestor.name.isEmpty {
                issues.add(path("name"), "must not be empty")
            } else if !requestorNames.insert(requestor.name).inserted {
                issues.add(path("name"), "'\(requestor.name)' is used by another requestor")
            }
            if requestor.certificate.isEmpty { issues.add(path("certificate"), "must name a PEM certificate file") }
            if requestor.realm?.trimmingCharacters(in: .whitespaces).isEmpty == true { issues.add(path("realm"), "must not be empty when given") }
        }
        for (index, key) in identity.jwtSigningKeys.enumerated() {
            let path = identityPath("jwtSigningKeys")[index]
            if key.key.isEmpty { issues.add(path("key"), "must name a PEM private key file") }
            if key.keyID?.isEmpty == true { issues.add(path("keyID"), "must not be empty when given") }
        }
        validateUsers(into: &issues)
        validateSAMLIssuers(into: &issues)
        validateIdentityMapping(into: &issues)
        validateRenewal(into: &issues)
        validateProofKeys(into: &issues)
        validateSecureConversation(into: &issues)
        validateHelloService(into: &issues)

        let lifetimesPath = root("lifetimes")
        if lifetimes.defaultSeconds <= 0 { issues.add(lifetimesPath("defaultSeconds"), "must be more than 0") }
        if lifetimes.maximumSeconds < lifetimes.defaultSeconds {
            issues.add(lifetimesPath("maximumSeconds"), "must be at least lifetimes.defaultSeconds (\(lifetimes.defaultSeconds))")
        }

        var partyNames = Set<String>()
        for (index, party) in relyingParties.enumerated() {
            validate(party, at: root("relyingParties")[index], names: &partyNames, issues: &issues)
        }
        if let name = defaultRelyingParty, !partyNames.contains(name) {
            issues.add(root("defaultRelyingParty"), "'\(name)' is not the name of a configured relying party")
        }

        if !(0...3600).contains(security.clockSkewSeconds) { issues.add(root("security")("clockSkewSeconds"), "must be between 0 and 3600") }
        if !(1...86_400).contains(security.timestampMaxAgeSeconds) {
            issues.add(root("security")("timestampMaxAgeSeconds"), "must be between 1 and 86400")
        }
        try issues.throwIfAny()
    }

    private func validate(_ party: RelyingPartyEntry, at path: FieldPath, names: inout Set<String>, issues: inout IssueCollector) {
        if party.name.isEmpty {
            issues.add(path("name"), "must not be empty")
        } else if !names.insert(party.name).inserted {
            issues.add(path("name"), "'\(party.name)' is used by another relying party")
        }
        if party.appliesTo.isEmpty { issues.add(path("appliesTo"), "must list at least one address") }
        for (index, pattern) in party.appliesTo.enumerated() {
            let value = pattern.value.trimmingCharacters(in: .whitespaces)
            let field = path("appliesTo")[index](pattern.isPrefix ? "prefix" : "exact")
            if value.isEmpty { issues.add(field, "must not be empty") } else if !value.contains(":") { issues.add(field, "'\(value)' is not an absolute URI") }
        }
        if let lifetime = party.lifetimeSeconds {
            if lifetime <= 0 {
                issues.add(path("lifetimeSeconds"), "must be more than 0")
            } else if lifetime > lifetimes.maximumSeconds {
                issues.add(path("lifetimeSeconds"), "\(lifetime) exceeds lifetimes.maximumSeconds (\(lifetimes.maximumSeconds))")
            }
        }
        if party.audience?.trimmingCharacters(in: .whitespaces).isEmpty == true { issues.add(path("audience"), "must not be empty when given") }
        if party.nameIDFormatURI == nil {
            let names = RelyingPartyEntry.nameIDFormatNames.keys.sorted().joined(separator: ", ")
            issues.add(path("nameIDFormat"), "'\(party.nameIDFormat)' is neither a URI nor one of \(names)")
        }
        validateTokenSettings(of: party, at: path, issues: &issues)
        party.authorization?.validate(at: path("authorization"), issues: &issues)
        if party.securityContexts, secureConversation == nil {
            issues.add(path("securityContexts"), "needs the secureConversation section (its bootstrap, key sizes, lifetimes and contexts)")
        }
        for (index, name) in (party.authorization?.requestors ?? []).enumerated()
        where !name.contains(":") && !requestors.contains(where: { $0.name == name }) {
            issues.add(path("authorization")("requestors")[index], "'\(name)' is not a configured requestor")
        }
    }

    /// Why `text` is not a usable public base URL (absolute http or https, no query or
    /// fragment), or nil.
    static func problem(withBaseURL text: String) -> String? {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            ["http", "https"].contains(scheme), let host = components.host, !host.isEmpty
        else {
            return "'\(text)' is not an absolute http or https URL"
        }
        if components.query != nil || components.fragment != nil { return "must have no query or fragment" }
        return nil
    }

    /// Why `path` is not a usable route path, or nil.
    static func problem(withPath path: String) -> String? {
        guard path.hasPrefix("/"), path.count > 1 else { return "must start with / and name a path" }
        if path.hasSuffix("/") { return "must not end with /" }
        if path.contains(where: { "?#% ".contains($0) }) || path.contains("//") { return "must be a plain path (no ?, #, %, spaces or //)" }
        return nil
    }
}

extension ServerConfiguration.AddressPattern {
    var isPrefix: Bool {
        if case .prefix = self { return true }
        return false
    }
}

extension ServerConfiguration {
    /// Whether `text` is an IPv4 or IPv6 address literal (as a connection's peer is written).
    static func isIPAddress(_ text: String) -> Bool {
        var v4 = in_addr(), v6 = in6_addr()
        return inet_pton(AF_INET, text, &v4) == 1 || inet_pton(AF_INET6, text, &v6) == 1
    }
}
