public import XMLCore

extension SOAPFault {
    /// A new envelope whose `Body` carries this fault (SOAP 1.2 Part 1 §5.4, SOAP 1.1 §4.4).
    ///
    /// SOAP 1.1: `faultcode` holds ``subcode`` when present (a prefixed QName such as
    /// `wsse:FailedAuthentication`, the namespace declared on the element), else the SOAP code;
    /// then `faultstring` and `faultactor`. SOAP 1.2: `Code/Value` holds the SOAP code,
    /// `Code/Subcode/Value` the subcode, `Reason/Text xml:lang="en"` the reason, then `Role`;
    /// each name in ``notUnderstood`` becomes a `NotUnderstood` header block whose `qname`
    /// attribute names it (Part 1 §5.4.8).
    public func envelope(_ version: SOAPVersion) -> SOAPEnvelope {
        let envelope = SOAPEnvelope(version: version)
        let namespace = version.namespace
        let prefix = version.preferredPrefix
        if version == .v12 {
            for name in notUnderstood {
                let block = envelope.addHeaderBlock("NotUnderstood", namespace, prefix: prefix)
                block.setAttribute("qname", value: Self.qualifiedValue(name, preferredPrefix: nil, declaredOn: block))
            }
        }
        let fault = envelope.body.addChild("Fault", namespace, prefix: prefix)
        switch version {
        case .v11:
            let faultcode = fault.addChild("faultcode", nil)
            Self.write(subcode ?? code.qualifiedName(in: version), preferredPrefix: subcodePrefix, into: faultcode)
            fault.addChild("faultstring", nil).setText(reason)
            if let role { fault.addChild("faultactor", nil).setText(role) }
        case .v12:
            let codeElement = fault.addChild("Code", namespace, prefix: prefix)
            Self.write(code.qualifiedName(in: version), preferredPrefix: nil, into: codeElement.addChild("Value", namespace, prefix: prefix))
            if let subcode {
                let subcodeElement = codeElement.addChild("Subcode", namespace, prefix: prefix)
                Self.write(subcode, preferredPrefix: subcodePrefix, into: subcodeElement.addChild("Value", namespace, prefix: prefix))
            }
            let text = fault.addChild("Reason", namespace, prefix: prefix).addChild("Text", namespace, prefix: prefix)
            text.setAttribute("lang", IDAttribute.xmlNamespace, prefix: "xml", value: "en")
            text.setText(reason)
            if let role { fault.addChild("Role", namespace, prefix: prefix).setText(role) }
        }
        return envelope
    }

    /// Reads the fault a received envelope carries, with the names of a SOAP 1.2 envelope's
    /// `NotUnderstood` header blocks (Part 1 §5.4.8; one whose `qname` does not resolve is
    /// skipped).
    ///
    /// - Throws: ``SOAPError/Code/notAFault`` when the body's payload is not a `Fault`,
    ///   ``SOAPError/Code/invalidFault`` when the fault has no valid code.
    public init(envelope: SOAPEnvelope) throws(SOAPError) {
        guard let fault = envelope.bodyPayload, fault.is("Fault", envelope.version.namespace) else {
            throw SOAPError(.notAFault, "the Body does not carry a Fault")
        }
        try self.init(element: fault, version: envelope.version)
        if envelope.version == .v12 {
            notUnderstood = envelope.headerBlocks.filter { $0.is("NotUnderstood", envelope.version.namespace) }.compactMap { block in
                block.attribute("qname").flatMap { try? block.resolveQName($0.trimmingXMLWhitespace()) }
            }
        }
    }

    /// Reads a `Fault` element of a `version` envelope. The code is required; a missing reason
    /// reads as empty; a detail is ignored. Of nested SOAP 1.2 subcodes the first is kept.
    ///
    /// - Throws: ``SOAPError/Code/invalidFault``.
    public init(element fault: XMLElement, version: SOAPVersion) throws(SOAPError) {
        let namespace = version.namespace
        switch version {
        case .v11:
            // faultcode and friends are unqualified (SOAP 1.1 §4.4); some stacks qualify them.
            func child(_ name: String) -> XMLElement? {
                fault.firstChild(name, nil) ?? fault.firstChild(name, namespace)
            }
            guard let faultcode = child("faultcode") else {
                throw SOAPError(.invalidFault, "the Fault has no faultcode")
            }
            let (name, writtenPrefix) = try Self.readQName(faultcode)
            let reason = child("faultstring")?.trimmedText ?? ""
            let role = child("faultactor")?.trimmedText
            if name.namespace == namespace {
                guard let code = Code(name, version: version) else {
                    throw SOAPError(.invalidFault, "the faultcode \(name) is not a SOAP 1.1 fault code")
                }
                self.init(code: code, reason: reason, role: role)
            } else {
                // A specific code stands in for the SOAP code (WSS 1.1 §12); it names a sender fault.
                self.init(code: .sender, subcode: name, reason: reason, role: role)
                subcodePrefix = writtenPrefix
            }
        case .v12:
            guard let codeElement = fault.firstChild("Code", namespace),
                let value = codeElement.firstChild("Value", namespace)
            else {
                throw SOAPError(.invalidFault, "the Fault has no Code/Value")
            }
            guard let code = try Code(Self.readQName(value).name, version: version) else {
                throw SOAPError(.invalidFault, "the Fault's Code/Value is not a SOAP 1.2 fault code")
            }
            var subcode: (name: QName, prefix: String?)?
            if let subcodeValue = codeElement.firstChild("Subcode", namespace)?.firstChild("Value", namespace) {
                subcode = try Self.readQName(subcodeValue)
            }
            self.init(
                code: code, subcode: subcode?.name, reason: Self.reason12(fault, namespace),
                role: fault.firstChild("Role", namespace)?.trimmedText)
            subcodePrefix = subcode?.prefix
        }
    }

    // MARK: Private

    /// The English reason text, else the first one.
    private static func reason12(_ fault: XMLElement, _ namespace: String) -> String {
        let texts = fault.firstChild("Reason", namespace)?.children("Text", namespace) ?? []
        let english = texts.first { $0.attribute("lang", IDAttribute.xmlNamespace)?.lowercased().hasPrefix("en") ?? false }
        return (english ?? texts.first)?.trimmedText ?? ""
    }

    /// The QName value of `element` and the prefix it was written with.
    private static func readQName(_ element: XMLElement) throws(SOAPError) -> (name: QName, prefix: String?) {
        let text = element.trimmedText
        guard !text.isEmpty else {
            throw SOAPError(.invalidFault, "the fault's \(element.localName) is empty")
        }
        do {
            let prefix = text.firstIndex(of: ":").map { String(text[..<$0]) }
            return (try element.resolveQName(text), prefix)
        } catch {
            throw SOAPError(.invalidFault, "the fault's \(element.localName) uses an undeclared prefix")
        }
    }

    /// Writes `name` as a QName value into `element`.
    private static func write(_ name: QName, preferredPrefix: String?, into element: XMLElement) {
        element.setText(qualifiedValue(name, preferredPrefix: preferredPrefix, declaredOn: element))
    }

    /// `name` as a QName value read in `element`'s scope (`prefix:localName`), declaring its
    /// namespace on the element (with `preferredPrefix` when it is free) unless a prefix for it is
    /// already in scope.
    private static func qualifiedValue(_ name: QName, preferredPrefix: String?, declaredOn element: XMLElement) -> String {
        guard let namespace = name.namespace else {
            if let inherited = element.namespaceURI(forPrefix: nil), !inherited.isEmpty {
                element.declareNamespace(prefix: nil, uri: "")
            }
            return name.localName
        }
        if let prefix = element.prefix(forNamespace: namespace) {
            return prefix.isEmpty ? name.localName : "\(prefix):\(name.localName)"
        }
        var prefix = preferredPrefix.flatMap { $0.isEmpty ? nil : $0 } ?? "ns1"
        var counter = 1
        while element.namespaceURI(forPrefix: prefix) != nil {
            prefix = "ns\(counter)"
            counter += 1
        }
        element.declareNamespace(prefix: prefix, uri: namespace)
        return "\(prefix):\(name.localName)"
    }
}
