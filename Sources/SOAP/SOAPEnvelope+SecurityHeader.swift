public import XMLCore

extension SOAPEnvelope {
    /// The role a header block is targeted at, from the version's `actor`/`role` attribute in
    /// the envelope namespace. An attribute spelled for the other SOAP version is not a role
    /// attribute here and is ignored, as SOAP prescribes.
    public func role(of block: XMLElement) -> SOAPRole {
        SOAPRole(attributeValue: block.attribute(version.roleAttributeName, version.namespace), version: version)
    }

    /// Every `wsse:Security` header block with the role it targets, in document order.
    ///
    /// - Throws: ``SOAPError/Code/duplicateSecurityHeader`` when two blocks target the same
    ///   role, whether or not this node plays it: WSS 1.1 SOAP Message Security §6.1 forbids
    ///   it, and a second header for one role is a wrapping vector (one header is verified,
    ///   the other is used).
    public func securityHeadersByRole() throws(SOAPError) -> [(role: SOAPRole, header: XMLElement)] {
        var result: [(role: SOAPRole, header: XMLElement)] = []
        var roles = Set<SOAPRole>()
        for block in headerBlocks where block.is("Security", WSSNamespace.secext) {
            let role = role(of: block)
            guard roles.insert(role).inserted else {
                throw SOAPError(.duplicateSecurityHeader, "two wsse:Security headers target the role '\(role)'")
            }
            result.append((role, block))
        }
        return result
    }

    /// The `wsse:Security` header blocks this node must process: those targeted at one of
    /// `roles`, by default the ultimate receiver (no `actor`/`role` attribute) and `next`.
    ///
    /// - Throws: ``SOAPError/Code/duplicateSecurityHeader`` as ``securityHeadersByRole()`` does.
    public func securityHeaders(actingAs roles: Set<SOAPRole> = [.ultimateReceiver, .next]) throws(SOAPError) -> [XMLElement] {
        try securityHeadersByRole().filter { roles.contains($0.role) }.map(\.header)
    }

    /// The one `wsse:Security` header block targeted at `role`, or nil.
    ///
    /// - Throws: ``SOAPError/Code/duplicateSecurityHeader`` as ``securityHeadersByRole()`` does.
    public func securityHeader(for role: SOAPRole = .ultimateReceiver) throws(SOAPError) -> XMLElement? {
        try securityHeadersByRole().first { $0.role == role }?.header
    }

    /// The `wsse:Security` header block for `role`, appended (with `mustUnderstand` set, as
    /// WSS 1.1 SOAP Message Security §6.1 recommends) when there is none yet.
    ///
    /// - Throws: ``SOAPError/Code/duplicateSecurityHeader`` when the envelope already has two
    ///   for one role.
    @discardableResult
    public func ensureSecurityHeader(for role: SOAPRole = .ultimateReceiver, mustUnderstand: Bool = true) throws(SOAPError) -> XMLElement {
        if let existing = try securityHeader(for: role) { return existing }
        let security = addHeaderBlock("Security", WSSNamespace.secext, prefix: "wsse")
        if let value = role.attributeValue(for: version) {
            security.setAttribute(version.roleAttributeName, version.namespace, prefix: envelopePrefix, value: value)
        }
        if mustUnderstand { setMustUnderstand(true, on: security) }
        return security
    }

    /// The prefix the envelope namespace is written with, for attributes in it.
    var envelopePrefix: String {
        envelope.prefix ?? version.preferredPrefix
    }
}
