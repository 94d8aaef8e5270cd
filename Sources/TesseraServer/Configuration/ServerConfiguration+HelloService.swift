extension ServerConfiguration {
    /// The sample provider of the token-transformation scenario hosted beside the STS
    /// (``TesseraSamples/HelloService``): it accepts SAML assertions signed by this STS's own
    /// ``Identity/signingCertificate``, for one of ``audiences``, vouched for by a gateway
    /// holding one of ``gatewayCertificates`` (WSS SAML Token Profile 1.1 §3.5). Off when the
    /// section is absent.
    public struct HelloService: Codable, Sendable, Hashable {
        /// The path requests are POSTed to.
        public var path = "/hello"
        /// The AudienceRestriction values accepted: the AppliesTo gateways ask the STS for.
        public var audiences: [String] = []
        /// PEM files of the gateways' signing certificates (pinned, no chain is built).
        public var gatewayCertificates: [String] = []

        public init(path: String = "/hello", audiences: [String], gatewayCertificates: [String]) {
            self.path = path
            self.audiences = audiences
            self.gatewayCertificates = gatewayCertificates
        }

        enum CodingKeys: String, CodingKey { case path, audiences, gatewayCertificates }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
            path = try c.decodeIfPresent(String.self, forKey: .path) ?? path
            audiences = try c.decodeIfPresent([String].self, forKey: .audiences) ?? []
            gatewayCertificates = try c.decodeIfPresent([String].self, forKey: .gatewayCertificates) ?? []
        }
    }

    /// Checks the ``helloService`` section: a path of its own, at least one audience and one
    /// gateway certificate file.
    func validateHelloService(into issues: inout IssueCollector) {
        guard let section = helloService else { return }
        let path = FieldPath()("helloService")
        if let problem = Self.problem(withPath: section.path) {
            issues.add(path("path"), problem)
        } else if Self.operationsPaths.contains(section.path) {
            issues.add(path("path"), "\(section.path) is reserved for operations")
        } else if STSRoutes(configuration: self).endpoints.contains(where: { $0.path == section.path }) {
            issues.add(path("path"), "\(section.path) is an STS endpoint")
        } else if section.path == secureConversation?.path {
            issues.add(path("path"), "\(section.path) is the secure-conversation service's (secureConversation.path)")
        }
        if section.audiences.isEmpty || section.audiences.contains(where: \.isEmpty) {
            issues.add(path("audiences"), "must name at least one non-empty audience")
        }
        if section.gatewayCertificates.isEmpty || section.gatewayCertificates.contains(where: \.isEmpty) {
            issues.add(path("gatewayCertificates"), "must name at least one PEM certificate file")
        }
    }
}
