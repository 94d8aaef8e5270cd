/// One attribute (claim) a relying party receives in its tokens: a name, and where its values
/// come from. SAML tokens carry it as an Attribute, JWTs as a claim of the same name.
public struct ClaimRule: Hashable, Sendable {
    /// Where a claim's values come from.
    public enum Source: Hashable, Sendable {
        /// The same values for every subject (a tenant, a role granted to everyone).
        case constant([String])
        /// The values of the subject's attribute of this name, after identity mapping. A subject
        /// without the attribute gets no claim.
        case subjectAttribute(String)
    }

    /// The claim's name in the token: a URI for WS-Federation style claims
    /// (`http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress`) or a simple name.
    public var name: String
    public var source: Source

    public init(name: String, source: Source) {
        self.name = name
        self.source = source
    }

    /// Passes the subject's attribute `name` through under the same name.
    public static func passThrough(_ name: String) -> ClaimRule {
        ClaimRule(name: name, source: .subjectAttribute(name))
    }

    /// The values for `subject`, or nil when the rule yields nothing for it.
    func values(for subject: IssuedSubject) -> [String]? {
        let values: [String]
        switch source {
        case .constant(let constant): values = constant
        case .subjectAttribute(let attribute): values = subject.attributes.first { $0.name == attribute }?.values ?? []
        }
        return values.isEmpty ? nil : values
    }
}

extension Array where Element == ClaimRule {
    /// The claims these rules release for `subject`, in rule order. Rules naming the same claim
    /// merge their values (without repeating one).
    func claims(for subject: IssuedSubject) -> [(name: String, values: [String])] {
        var claims: [(name: String, values: [String])] = []
        for rule in self {
            guard let values = rule.values(for: subject) else { continue }
            if let index = claims.firstIndex(where: { $0.name == rule.name }) {
                claims[index].values += values.filter { !claims[index].values.contains($0) }
            } else {
                claims.append((rule.name, values))
            }
        }
        return claims
    }
}
