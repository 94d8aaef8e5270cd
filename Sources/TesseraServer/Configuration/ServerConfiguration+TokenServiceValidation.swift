import STS

/// Checks of the token-service sections: users, SAML issuers, identity mapping, renewal, proof
/// keys and the relying parties' token settings. Settings that depend on each other inside one
/// relying party are checked again by ``STS/RelyingParty/validate()`` when the configuration is
/// mapped, once its files are read.
extension ServerConfiguration {
    /// Largest renewal window: a week.
    static let maximumRenewalWindowSeconds = 7 * 86_400
    /// Bounds of symmetric proof-key sizes, in bits.
    static let proofKeySizeBounds = 128...4096
    /// Bounds of the requestor entropy minimum, in bytes.
    static let requestorEntropyBounds = 16...512

    func validateUsers(into issues: inout IssueCollector) {
        if !users.isEmpty, usersRealm.trimmingCharacters(in: .whitespaces).isEmpty { issues.add(FieldPath("usersRealm"), "must not be empty") }
        var names = Set<String>()
        for (index, user) in users.enumerated() {
            let path = FieldPath("users")[index]
            if user.name.isEmpty {
                issues.add(path("name"), "must not be empty")
            } else if !names.insert(user.name).inserted {
                issues.add(path("name"), "'\(user.name)' is used by another user")
            }
            // The value is never echoed: it may be a password pasted by mistake.
            do {
                _ = try PasswordHash(phc: user.passwordHash)
            } catch {
                issues.add(
                    path("passwordHash"),
                    "is not a usable password hash (\(error.reason)); write the output of `tessera hash-password`, never the password itself")
            }
            if let sealed = user.digestPassword {
                // Never echoed either: a plain password pasted here must not reach a log.
                do {
                    _ = try SealedPassword(sealed: sealed)
                } catch {
                    issues.add(
                        path("digestPassword"),
                        "is not a sealed password (\(error.reason)); write the digestPassword line of `tessera hash-password --digest-key FILE --username NAME`, never the password itself"
                    )
                }
                if usersDigestKey == nil { issues.add(path("digestPassword"), "needs usersDigestKey, the file of the key it was sealed with") }
            }
            validate(user.attributes, at: path("attributes"), into: &issues)
        }
        if let usersDigestKey, usersDigestKey.isEmpty { issues.add(FieldPath("usersDigestKey"), "must name the digest key file when given") }
    }

    func validateSAMLIssuers(into issues: inout IssueCollector) {
        var names = Set<String>()
        for (index, issuer) in samlIssuers.enumerated() {
            let path = FieldPath("samlIssuers")[index]
            if issuer.name.isEmpty {
                issues.add(path("name"), "must not be empty")
            } else if issuer.name == identity.issuer {
                issues.add(path("name"), "is this STS's own issuer, whose tokens are trusted without being listed")
            } else if !names.insert(issuer.name).inserted {
                issues.add(path("name"), "'\(issuer.name)' is used by another SAML issuer")
            }
            if issuer.certificates.isEmpty { issues.add(path("certificates"), "must list at least one PEM certificate file") }
            for (position, file) in issuer.certificates.enumerated() where file.isEmpty {
                issues.add(path("certificates")[position], "must name a PEM certificate file")
            }
            if issuer.realm?.trimmingCharacters(in: .whitespaces).isEmpty == true { issues.add(path("realm"), "must not be empty when given") }
        }
    }

    func validateIdentityMapping(into issues: inout IssueCollector) {
        for (index, rule) in identityMapping.enumerated() {
            let path = FieldPath("identityMapping")[index]
            if rule.realm?.isEmpty == true { issues.add(path("realm"), "must not be empty when given (omit it to match every realm)") }
            for (position, rewrite) in rule.names.enumerated() {
                let field = path("names")[position]
                switch rewrite {
                case .exact(let from, let to):
                    if from.isEmpty { issues.add(field("exact"), "must not be empty") }
                    if to.isEmpty { issues.add(field("to"), "must not be empty") }
                case .replacePrefix(let prefix, _):
                    if prefix.isEmpty { issues.add(field("replacePrefix"), "must not be empty") }
                case .replaceSuffix(let suffix, _):
                    if suffix.isEmpty { issues.add(field("replaceSuffix"), "must not be empty") }
                }
            }
            for (from, to) in rule.attributeNames.sorted(by: { $0.key < $1.key }) where from.isEmpty || to.isEmpty {
                issues.add(path("attributeNames")(from), "attribute names must not be empty")
            }
            validate(rule.addedAttributes, at: path("addedAttributes"), into: &issues)
        }
    }

    func validateRenewal(into issues: inout IssueCollector) {
        if !(0...Self.maximumRenewalWindowSeconds).contains(renewal.windowAfterExpirySeconds) {
            issues.add(FieldPath("renewal")("windowAfterExpirySeconds"), "must be between 0 and \(Self.maximumRenewalWindowSeconds)")
        }
    }

    func validateProofKeys(into issues: inout IssueCollector) {
        let path = FieldPath("proofKeys")
        let sizes = [("minimumKeySize", proofKeys.minimumKeySize), ("defaultKeySize", proofKeys.defaultKeySize), ("maximumKeySize", proofKeys.maximumKeySize)]
        for (name, bits) in sizes where !Self.proofKeySizeBounds.contains(bits) || bits % 8 != 0 {
            issues.add(path(name), "must be a multiple of 8 from \(Self.proofKeySizeBounds.lowerBound) to \(Self.proofKeySizeBounds.upperBound) bits")
        }
        if proofKeys.defaultKeySize < proofKeys.minimumKeySize || proofKeys.defaultKeySize > proofKeys.maximumKeySize {
            issues.add(path("defaultKeySize"), "must be between proofKeys.minimumKeySize and proofKeys.maximumKeySize")
        }
        if !Self.requestorEntropyBounds.contains(proofKeys.minimumRequestorEntropyBytes) {
            issues.add(
                path("minimumRequestorEntropyBytes"), "must be between \(Self.requestorEntropyBounds.lowerBound) and \(Self.requestorEntropyBounds.upperBound)")
        }
    }

    func validateTokenSettings(of party: RelyingPartyEntry, at path: FieldPath, issues: inout IssueCollector) {
        if let accepted = party.acceptedKeyTypes {
            if accepted.isEmpty {
                issues.add(path("acceptedKeyTypes"), "must list at least one key type (or be omitted)")
            } else if !accepted.contains(party.keyType) {
                issues.add(path("acceptedKeyTypes"), "must include keyType (\(party.keyType.rawValue))")
            }
        }
        for (index, claim) in party.claims.enumerated() {
            let field = path("claims")[index]
            if claim.name.trimmingCharacters(in: .whitespaces).isEmpty { issues.add(field("name"), "must not be empty") }
            switch claim.source {
            case .constant(let values):
                if values.isEmpty { issues.add(field("values"), "must list at least one value") }
            case .subjectAttribute(let attribute):
                if attribute.isEmpty { issues.add(field("fromAttribute"), "must name an attribute") }
            }
        }
        if party.encryptionCertificate?.isEmpty == true { issues.add(path("encryptionCertificate"), "must name a PEM certificate file when given") }
        if party.signatureAlgorithm == .rsaSHA1, !party.INSECURE_allowSHA1Signature {
            issues.add(path("signatureAlgorithm"), "rsa-sha1 is refused unless INSECURE_allowSHA1Signature is true (SHA-1 signatures can be forged)")
        }
    }

    private func validate(_ attributes: [Attribute], at path: FieldPath, into issues: inout IssueCollector) {
        for (index, attribute) in attributes.enumerated() {
            if attribute.name.trimmingCharacters(in: .whitespaces).isEmpty { issues.add(path[index]("name"), "must not be empty") }
            if attribute.values.isEmpty { issues.add(path[index]("values"), "must list at least one value") }
        }
    }
}
