public import XMLCore

extension SOAPEnvelope {
    /// Whether a header block is marked `mustUnderstand` (SOAP 1.1 §4.2.3, SOAP 1.2 Part 1
    /// §5.2.3). Both versions' spellings are read: `1`/`true` and `0`/`false`; no attribute
    /// means false. Only the attribute in this envelope's namespace counts.
    ///
    /// - Throws: ``SOAPError/Code/invalidMustUnderstand`` for any other value.
    public func mustUnderstand(_ block: XMLElement) throws(SOAPError) -> Bool {
        guard let value = block.attribute("mustUnderstand", version.namespace) else { return false }
        switch value.trimmingXMLWhitespace() {
        case "1", "true": return true
        case "0", "false": return false
        default: throw SOAPError(.invalidMustUnderstand, "mustUnderstand on \(block.name) is neither a boolean nor 0/1")
        }
    }

    /// Marks a header block `mustUnderstand` with this version's spelling (`1` for SOAP 1.1,
    /// `true` for SOAP 1.2), or removes the mark: false is written by leaving it out, as
    /// SOAP 1.2 Part 1 §5.2.3 suggests.
    public func setMustUnderstand(_ value: Bool, on block: XMLElement) {
        if value {
            block.setAttribute("mustUnderstand", version.namespace, prefix: envelopePrefix, value: version.mustUnderstandTrue)
        } else {
            block.removeAttribute("mustUnderstand", version.namespace)
        }
    }

    /// Most names a ``SOAPError/Code/notUnderstood`` error carries (and a SOAP 1.2 fault echoes
    /// as `NotUnderstood` header blocks): enough to tell a peer what to drop, bounded so a
    /// request cannot make the fault grow with its header count.
    public static let maximumReportedNotUnderstood = 8

    /// Refuses the message when a header block targeted at one of `roles` is marked
    /// `mustUnderstand` and its name is not in `understood` (SOAP 1.2 Part 1 §5.2.3 and §2.6,
    /// SOAP 1.1 §4.2.3). `roles` defaults to the roles every node plays: the ultimate receiver
    /// (no `actor`/`role` attribute) and `next`; a block for any other role is not this node's
    /// business. Run it before processing any header.
    ///
    /// - Throws: ``SOAPError/Code/notUnderstood`` with the names of the blocks not understood
    ///   (``SOAPError/notUnderstoodHeaders``, distinct, in document order, at most
    ///   ``maximumReportedNotUnderstood``), or ``SOAPError/Code/invalidMustUnderstand``.
    public func checkMustUnderstand(understood: Set<QName>, actingAs roles: Set<SOAPRole> = [.ultimateReceiver, .next]) throws(SOAPError) {
        var notUnderstood: [QName] = []
        for block in headerBlocks where roles.contains(role(of: block)) {
            if try mustUnderstand(block), !understood.contains(block.name), !notUnderstood.contains(block.name),
                notUnderstood.count < Self.maximumReportedNotUnderstood
            {
                notUnderstood.append(block.name)
            }
        }
        guard notUnderstood.isEmpty else { throw SOAPError(notUnderstood: notUnderstood) }
    }
}
