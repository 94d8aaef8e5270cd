import STS

extension ServerConfiguration.RelyingPartyEntry {
    /// Who may obtain a relying party's tokens (``STS/IssuanceAuthorization``):
    ///
    /// ```yaml
    /// authorization:
    ///   requestors: [gateway]            # trusted requestors by name, or user:<name>, saml:<subject>@<issuer>
    ///   subjects:                        # any one rule must match; none: any subject
    ///     - realm: local
    ///       attribute: role
    ///       values: [staff]
    /// ```
    public struct Authorization: Codable, Sendable, Hashable {
        /// Requestors allowed to ask; any when nil.
        public var requestors: [String]?
        /// Subjects tokens may be issued for; any when empty.
        public var subjects: [SubjectRule] = []

        public init(requestors: [String]? = nil, subjects: [SubjectRule] = []) {
            self.requestors = requestors
            self.subjects = subjects
        }

        /// A subject rule: a realm, an attribute with one of the values, or both.
        public struct SubjectRule: Codable, Sendable, Hashable {
            public var realm: String?
            public var attribute: String?
            public var values: [String]?

            public init(realm: String? = nil, attribute: String? = nil, values: [String]? = nil) {
                self.realm = realm
                self.attribute = attribute
                self.values = values
            }

            enum CodingKeys: String, CodingKey { case realm, attribute, values }

            public init(from decoder: any Decoder) throws {
                let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
                realm = try c.decodeIfPresent(String.self, forKey: .realm)
                attribute = try c.decodeIfPresent(String.self, forKey: .attribute)
                values = try c.decodeIfPresent([String].self, forKey: .values)
            }
        }

        enum CodingKeys: String, CodingKey { case requestors, subjects }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
            requestors = try c.decodeIfPresent([String].self, forKey: .requestors)
            subjects = try c.decodeIfPresent([SubjectRule].self, forKey: .subjects) ?? []
        }

        /// Adds each problem under `path`, the `authorization` field.
        func validate(at path: FieldPath, issues: inout IssueCollector) {
            if let requestors, requestors.isEmpty {
                issues.add(path("requestors"), "must name at least one requestor (omit it to allow any)")
            }
            for (index, rule) in subjects.enumerated() {
                let field = path("subjects")[index]
                if rule.realm == nil, rule.attribute == nil { issues.add(field, "must give a realm, an attribute, or both") }
                if rule.attribute != nil, rule.values?.isEmpty ?? true { issues.add(field("values"), "must list the values the attribute may have") }
                if rule.attribute == nil, rule.values != nil { issues.add(field("values"), "needs an attribute") }
            }
        }

        /// The STS's authorization rule.
        var rule: IssuanceAuthorization {
            IssuanceAuthorization(
                requestors: requestors.map(Set.init),
                subjects: subjects.map {
                    IssuanceAuthorization.SubjectRule(realm: $0.realm, attribute: $0.attribute, values: Set($0.values ?? []))
                })
        }
    }
}
