import XMLCore

/// A `ds:Signature` read strictly by its schema (XML-DSig §4): SignedInfo, SignatureValue,
/// optional KeyInfo, then Objects. Nothing is trusted yet.
struct SignatureElement {
    struct Transform {
        let algorithm: String
        let element: XMLElement
    }

    struct Reference {
        let uri: String?
        let transforms: [Transform]
        let digestMethod: DigestMethod
        let digestValue: [UInt8]
    }

    let element: XMLElement
    let signedInfo: XMLElement
    let canonicalization: CanonicalizationMethod
    let algorithm: SignatureAlgorithm
    let hmacOutputLengthBits: Int?
    let references: [Reference]
    let signatureValue: [UInt8]
    let keyInfo: XMLElement?

    init(_ element: XMLElement, policy: SignatureVerificationPolicy) throws {
        let ds = XMLSecurityNamespace.ds
        guard element.is("Signature", ds) else {
            throw XMLSecurityError(.malformed, "expected ds:Signature, found \(element.name)")
        }
        // The children are read one sibling after the other: no array of them is collected.
        guard let signedInfo = element.firstElementChild, signedInfo.is("SignedInfo", ds) else {
            throw XMLSecurityError(.malformed, "ds:Signature must start with ds:SignedInfo")
        }
        guard let signatureValue = signedInfo.nextSibling, signatureValue.is("SignatureValue", ds) else {
            throw XMLSecurityError(.malformed, "ds:SignedInfo must be followed by ds:SignatureValue")
        }
        var keyInfo: XMLElement?
        var sibling = signatureValue.nextSibling
        while let next = sibling {
            if next.is("KeyInfo", ds), keyInfo == nil {
                keyInfo = next
            } else if !next.is("Object", ds) {
                throw XMLSecurityError(.malformed, "unexpected \(next.name) in ds:Signature")
            }
            sibling = next.nextSibling
        }
        self.element = element
        self.signedInfo = signedInfo
        self.signatureValue = try Base64.decode(textOf: signatureValue, what: "SignatureValue")
        self.keyInfo = keyInfo

        guard let c14nElement = signedInfo.firstElementChild, c14nElement.is("CanonicalizationMethod", ds),
            let c14nURI = c14nElement.attribute("Algorithm")
        else {
            throw XMLSecurityError(.malformed, "ds:SignedInfo must start with ds:CanonicalizationMethod")
        }
        guard let c14n = CanonicalizationAlgorithm.method(uri: c14nURI, element: c14nElement) else {
            throw XMLSecurityError(.unsupportedAlgorithm, "unsupported canonicalization method \(c14nURI)")
        }
        canonicalization = c14n
        guard let methodElement = c14nElement.nextSibling, methodElement.is("SignatureMethod", ds),
            let methodURI = methodElement.attribute("Algorithm")
        else {
            throw XMLSecurityError(.malformed, "ds:CanonicalizationMethod must be followed by ds:SignatureMethod")
        }
        algorithm = try SignatureAlgorithm(uri: methodURI)
        if let lengthElement = methodElement.firstChild("HMACOutputLength", ds) {
            guard algorithm.family == .hmac, let bits = Int(lengthElement.trimmedText) else {
                throw XMLSecurityError(.malformed, "ds:HMACOutputLength is malformed")
            }
            hmacOutputLengthBits = bits
        } else {
            hmacOutputLengthBits = nil
        }

        var references: [Reference] = []
        var next = methodElement.nextSibling
        while let referenceElement = next {
            guard referenceElement.is("Reference", ds) else {
                throw XMLSecurityError(.malformed, "unexpected \(referenceElement.name) in ds:SignedInfo")
            }
            references.append(try Self.reference(referenceElement, policy: policy))
            guard references.count <= policy.maxReferences else {
                throw XMLSecurityError(.policyViolation, "more than \(policy.maxReferences) references in one signature")
            }
            next = referenceElement.nextSibling
        }
        guard !references.isEmpty else {
            throw XMLSecurityError(.malformed, "ds:SignedInfo has no ds:Reference")
        }
        self.references = references
    }

    private static func reference(_ element: XMLElement, policy: SignatureVerificationPolicy) throws -> Reference {
        let ds = XMLSecurityNamespace.ds
        var next = element.firstElementChild
        var transforms: [Transform] = []
        if let transformsElement = next, transformsElement.is("Transforms", ds) {
            var sibling = transformsElement.firstElementChild
            while let transform = sibling {
                guard transform.is("Transform", ds), let algorithm = transform.attribute("Algorithm") else {
                    throw XMLSecurityError(.malformed, "ds:Transforms may only hold ds:Transform elements with an Algorithm")
                }
                transforms.append(Transform(algorithm: algorithm, element: transform))
                guard transforms.count <= policy.maxTransformsPerReference else {
                    throw XMLSecurityError(.policyViolation, "more than \(policy.maxTransformsPerReference) transforms in one reference")
                }
                sibling = transform.nextSibling
            }
            next = transformsElement.nextSibling
        }
        guard let digestMethodElement = next, digestMethodElement.is("DigestMethod", ds),
            let digestURI = digestMethodElement.attribute("Algorithm")
        else {
            throw XMLSecurityError(.malformed, "ds:Reference lacks ds:DigestMethod")
        }
        let digestMethod = try DigestMethod(uri: digestURI)
        guard let digestValueElement = digestMethodElement.nextSibling, digestValueElement.is("DigestValue", ds) else {
            throw XMLSecurityError(.malformed, "ds:Reference lacks ds:DigestValue")
        }
        guard digestValueElement.nextSibling == nil else {
            throw XMLSecurityError(.malformed, "unexpected content after ds:DigestValue")
        }
        return Reference(
            uri: element.attribute("URI"),
            transforms: transforms,
            digestMethod: digestMethod,
            digestValue: try Base64.decode(textOf: digestValueElement, what: "DigestValue")
        )
    }
}
