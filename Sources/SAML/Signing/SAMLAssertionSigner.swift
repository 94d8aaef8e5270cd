import TesseraCrypto
public import SecurityCore
import X509
public import XMLCore
public import XMLSecurity

/// Signs assertions as an STS issues them, following the SAML signature profiles (SAML 2.0
/// core §5.4, SAML 1.1 core §5.4): an enveloped signature with a single reference to
/// `#ID` / `#AssertionID`, the enveloped-signature and exclusive C14N transforms
/// (InclusiveNamespaces naming the prefixes `xsi:type` values use), RSA-SHA256 and SHA-256 by
/// default, and a `ds:KeyInfo` carrying the signing certificate.
///
/// The assertion is built and signed in a document of its own whose root declares every
/// namespace it uses, then copied where it is wanted, so the assertion's bytes can be
/// forwarded verbatim by relying parties and clients. The SAML 2.0 Signature follows the
/// Issuer; the SAML 1.1 Signature is the last child.
public struct SAMLAssertionSigner: Sendable {
    /// The issuer's key and certificate (the `sts` test credential).
    public var credential: X509Credential
    public var algorithm: SignatureAlgorithm = .rsaSHA256
    public var digestMethod: DigestMethod = .sha256
    /// Whether KeyInfo also carries ``X509Credential/chain`` after the signing certificate.
    public var includeChain = false
    /// Allows signing with RSA-SHA1 / ECDSA-SHA1 for a legacy relying party that accepts nothing
    /// else. SHA-1 signatures can be forged by a well-funded attacker: leave this off.
    public var _WEAK_allowSHA1PublicKeySignature = false

    /// Signs with `credential`'s private key and names its certificate in KeyInfo.
    public init(credential: X509Credential) {
        self.credential = credential
    }

    // MARK: SAML 2.0

    /// A new document whose root is the signed SAML 2.0 assertion.
    public func signedDocument(_ assertion: SAML2.Assertion) throws -> XMLDocument {
        let document = try assertion.makeDocument()
        let root = document.root
        let issuer = try requireFirstChild(root, "Issuer", SAML2.namespace)
        try sign(root, id: assertion.id, before: issuer.nextSibling, inclusivePrefixes: assertion.qNameContentPrefixes)
        return document
    }

    /// Signs `assertion` and inserts it into `parent` (last, or before `sibling`). Returns the
    /// inserted `saml2:Assertion`.
    @discardableResult
    public func sign(_ assertion: SAML2.Assertion, into parent: XMLElement, before sibling: XMLElement? = nil) throws -> XMLElement {
        parent.addCopy(of: try signedDocument(assertion).root, before: sibling)
    }

    // MARK: SAML 1.1

    /// A new document whose root is the signed SAML 1.1 assertion.
    public func signedDocument(_ assertion: SAML1.Assertion) throws -> XMLDocument {
        let document = try assertion.makeDocument()
        try sign(document.root, id: assertion.id, before: nil, inclusivePrefixes: assertion.qNameContentPrefixes)
        return document
    }

    /// Signs `assertion` and inserts it into `parent` (last, or before `sibling`). Returns the
    /// inserted `saml:Assertion`.
    @discardableResult
    public func sign(_ assertion: SAML1.Assertion, into parent: XMLElement, before sibling: XMLElement? = nil) throws -> XMLElement {
        parent.addCopy(of: try signedDocument(assertion).root, before: sibling)
    }

    // MARK: Signing

    private func sign(_ root: XMLElement, id: String, before sibling: XMLElement?, inclusivePrefixes: [String]) throws {
        root.declareNamespace(prefix: "ds", uri: XMLSecurityNamespace.ds)
        let transforms = SignatureBuilder.Reference.Transforms(
            envelopedSignature: true,
            canonicalization: .exclusive(withComments: false, inclusivePrefixes: inclusivePrefixes))
        var builder = SignatureBuilder(
            algorithm: algorithm,
            canonicalization: .exclusive,
            references: [.init(uri: "#" + id, transforms: transforms, digestMethod: digestMethod)])
        builder._WEAK_allowSHA1PublicKeySignature = _WEAK_allowSHA1PublicKeySignature
        do {
            try builder.sign(in: root, before: sibling, key: .privateKey(credential.privateKey)) { keyInfo in
                let ds = XMLSecurityNamespace.ds
                let data = keyInfo.addChild("X509Data", ds, prefix: "ds")
                data.addChild("X509Certificate", ds, prefix: "ds").setText(try credential.referenceValues().base64DER)
                for certificate in includeChain ? credential.chain : [] {
                    data.addChild("X509Certificate", ds, prefix: "ds").setText(base64(try certificate.derBytes))
                }
            }
        } catch {
            throw SAMLError(.signingFailed, "the assertion could not be signed")
        }
    }

    private func requireFirstChild(_ element: XMLElement, _ localName: String, _ namespace: String) throws -> XMLElement {
        guard let child = element.firstChild(localName, namespace) else {
            throw SAMLError(.malformed, "the assertion lacks \(localName)")
        }
        return child
    }
}
