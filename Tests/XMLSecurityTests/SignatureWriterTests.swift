import Testing
import TesseraCrypto
import XMLCore
@testable import XMLSecurity

/// A signature written in canonical form (``SignatureWriter``) is the signature
/// ``SignatureBuilder`` builds in a tree for the same references, algorithm, key and `Id`:
/// the same canonical form wherever it goes (namespace contexts that bind `ds` or `ec`
/// elsewhere, values escaped differently in attributes and text, several references, enveloped
/// and dereferencing transforms, PrefixLists), as a placeholder in the tree and once parsed; and
/// it verifies.
struct SignatureWriterTests {
    static let ds = XMLSecurityNamespace.ds
    static let wsu = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
    static let soap = "http://schemas.xmlsoap.org/soap/envelope/"

    /// Digests the exclusive C14N of the element the reference's URI selects, and writes a
    /// parameter element with a nested `ds:` element, an attribute and text.
    struct Parameterized: DereferencingTransform {
        static let uri = "urn:tessera:test:parameterized"
        static let namespace = "urn:tessera:test:parameters"
        static let p = CanonicalXMLWriter.Namespace(prefix: "p", uri: namespace)
        var algorithm: String { Self.uri }

        func writeParameters(into transform: XMLElement) {
            let parameters = transform.addChild("Parameters", Self.namespace, prefix: "p")
            parameters.addChild("Method", XMLSecurityNamespace.ds, prefix: "ds").setAttribute("Algorithm", value: "urn:method&more")
            parameters.addChild("Note", Self.namespace, prefix: "p").setText("a<b")
        }

        func writeParameters(to writer: inout CanonicalXMLWriter) throws {
            writer.startElement("Parameters", Self.p)
            writer.startElement("Method", .ds)
            try writer.attribute("Algorithm", "urn:method&more")
            writer.endElement()
            try writer.element("Note", Self.p, text: "a<b")
            writer.endElement()
        }

        func dereference(_ referenced: XMLElement, transform: XMLElement, signature: XMLElement, index: IDIndex) throws -> DereferencedContent {
            DereferencedContent(element: referenced, octets: try referenced.document.canonicalize(referenced, method: .exclusive))
        }
    }

    /// A document, where its signature goes, and what it references.
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let document: String
        /// The path of element children, by position, from the root to the signature's parent.
        var place: [Int] = [0, 0]
        var references: [SignatureBuilder.Reference] = [.init(uri: "#ts"), .init(uri: "#body")]
        /// SignedInfo's PrefixList, with the URI each prefix has where the signature goes.
        var signedInfoPrefixes: [(prefix: String, uri: String)] = []
        var testDescription: String { name }
    }

    /// A SOAP 1.1 envelope with a Timestamp and a Body, the Envelope carrying `declarations`.
    static func envelope(declaring declarations: String = "", timestampID: String = "ts") -> String {
        """
        <soap:Envelope xmlns:soap="\(soap)" xmlns:wsu="\(wsu)"\(declarations)><soap:Header>\
        <wsse:Security xmlns:wsse="urn:security"><wsu:Timestamp wsu:Id="\(timestampID)"><wsu:Created>2026-11-21T10:00:00Z</wsu:Created>\
        </wsu:Timestamp></wsse:Security></soap:Header><soap:Body wsu:Id="body"><m:hello xmlns:m="urn:example">jdoe</m:hello></soap:Body>\
        </soap:Envelope>
        """
    }

    static let cases: [Case] = [
        Case(name: "ds declared nowhere", document: envelope()),
        Case(name: "ds declared on the envelope", document: envelope(declaring: " xmlns:ds=\"\(ds)\"")),
        Case(name: "ds bound to another namespace", document: envelope(declaring: " xmlns:ds=\"urn:not-dsig\"")),
        Case(
            name: "an ID the forms escape differently", document: envelope(timestampID: "a&amp;b&lt;c&gt;d&quot;e'f&#9;g&#10;h&#13;iś"),
            references: [.init(uri: "#a&b<c>d\"e'f\tg\nh\riś"), .init(uri: "#body")]),
        Case(
            name: "InclusiveNamespaces, ec bound elsewhere", document: envelope(declaring: " xmlns:ec=\"urn:not-c14n\""),
            references: [.init(uri: "#body", transforms: .init(canonicalization: .exclusive(withComments: false, inclusivePrefixes: ["soap", "#default"])))]),
        Case(
            name: "SignedInfo with a PrefixList", document: envelope(), signedInfoPrefixes: [("soap", soap), ("wsse", "urn:security")]),
        Case(
            name: "an enveloped signature", document: #"<a:Token xmlns:a="urn:token" ID="t1"><a:Claim>x</a:Claim></a:Token>"#, place: [],
            references: [.init(uri: "#t1", transforms: .envelopedExclusive, digestMethod: .sha1)]),
        Case(
            name: "a dereferencing transform with its parameters", document: envelope(),
            references: [.init(uri: "#ts"), .init(uri: "#body", transforms: .dereferencing(Parameterized()))]),
        Case(
            name: "parameters whose prefix is bound where they go", document: envelope(declaring: " xmlns:p=\"\(Parameterized.namespace)\""),
            references: [.init(uri: "#body", transforms: .dereferencing(Parameterized()), digestMethod: .sha512)]),
    ]

    static func parse(_ testCase: Case) throws -> (XMLDocument, XMLElement) {
        let document = try XMLDocument(parsing: Array(testCase.document.utf8))
        var place = document.root
        for position in testCase.place { place = try #require(place.children.dropFirst(position).first) }
        return (document, place)
    }

    static func writeKeyName(_ keyInfo: inout CanonicalXMLWriter) throws {
        try keyInfo.element("KeyName", .ds, text: "shared")
    }

    /// The case signed by ``SignatureBuilder`` in a tree: the document and its Signature.
    static func built(_ testCase: Case, algorithm: SignatureAlgorithm, key: SigningKey) throws -> (XMLDocument, XMLElement) {
        let (document, place) = try parse(testCase)
        var builder = SignatureBuilder(
            algorithm: algorithm, canonicalization: .exclusive(withComments: false, inclusivePrefixes: testCase.signedInfoPrefixes.map(\.prefix)),
            references: testCase.references, signatureID: "sig-1")
        builder._WEAK_allowSHA1PublicKeySignature = true
        let signature = try builder.sign(in: place, key: key) { keyInfo in
            keyInfo.addChild("KeyName", Self.ds, prefix: "ds").setText("shared")
        }
        return (document, signature)
    }

    /// The case signed by ``SignatureWriter`` from the octets each reference's transforms give,
    /// computed before the signature goes in, and placed as a ``VerbatimElement``.
    static func written(_ testCase: Case, algorithm: SignatureAlgorithm, key: SigningKey) throws -> (XMLDocument, XMLElement, [UInt8]) {
        let (document, place) = try parse(testCase)
        let index = try IDIndex(document)
        let references = try testCase.references.map { reference in
            let target = try #require(index[String(reference.uri.dropFirst())])
            let octets = try document.canonicalize(target, method: reference.transforms.canonicalization ?? .exclusive)
            return SignatureWriter.Reference(
                uri: reference.uri, transforms: reference.transforms, digestMethod: reference.digestMethod, content: .octets(octets))
        }
        var writer = SignatureWriter(
            algorithm: algorithm,
            signedInfoInclusiveNamespaces: testCase.signedInfoPrefixes.map { CanonicalXMLWriter.Namespace(prefix: $0.prefix, uri: $0.uri) },
            signatureID: "sig-1")
        writer._WEAK_allowSHA1PublicKeySignature = true
        let signature = try writer.signature(references: references, key: key, keyInfo: writeKeyName)
        return (document, place.addVerbatim(try VerbatimElement(written: signature)), signature.bytes)
    }

    @Test(arguments: cases)
    func theCanonicalFormIsTheBuiltSignatures(_ testCase: Case) throws {
        let (builtDocument, builtSignature) = try Self.built(testCase, algorithm: .hmacSHA256, key: .secret(TestKeys.hmac))
        let (writtenDocument, placeholder, bytes) = try Self.written(testCase, algorithm: .hmacSHA256, key: .secret(TestKeys.hmac))
        let built = try builtDocument.canonicalize(builtSignature, method: .exclusive)
        #expect(String(decoding: bytes, as: UTF8.self) == String(decoding: built, as: UTF8.self))
        #expect(try writtenDocument.canonicalize(placeholder, method: .exclusive) == built)
        // Serialized and parsed again, the two documents are the same document.
        let builtAgain = try XMLDocument(parsing: builtDocument.serialize())
        let writtenAgain = try XMLDocument(parsing: writtenDocument.serialize())
        #expect(try writtenAgain.canonicalize(writtenAgain.root, method: .exclusive) == builtAgain.canonicalize(builtAgain.root, method: .exclusive))
        #expect(try writtenDocument.canonicalize(writtenDocument.root, method: .exclusive) == builtAgain.canonicalize(builtAgain.root, method: .exclusive))
    }

    @Test(arguments: cases)
    func theWrittenSignatureVerifies(_ testCase: Case) throws {
        let (document, _, _) = try Self.written(testCase, algorithm: .hmacSHA256, key: .secret(TestKeys.hmac))
        let received = try XMLDocument(parsing: document.serialize())
        let signature = try #require(received.root.descendantsAndSelf.first { $0.is("Signature", Self.ds) })
        let verified = try SignatureVerifier(dereferencingTransforms: [Parameterized()])
            .verify(signature, key: .secret(TestKeys.hmac), index: try IDIndex(received))
        #expect(verified.references.count == testCase.references.count)
    }

    /// HMAC (no `HMACOutputLength`, the full-length code) and RSA are deterministic: the same
    /// bytes as the builder's; ECDSA is not, and verifies.
    @Test(arguments: [
        (SignatureAlgorithm.hmacSHA1, SigningKey.secret(TestKeys.hmac), VerificationKey.secret(TestKeys.hmac)),
        (.hmacSHA256, .secret(TestKeys.hmac), .secret(TestKeys.hmac)),
        (.rsaSHA256, .privateKey(TestKeys.rsa), .publicKey(TestKeys.rsa.publicKey)),
        (.rsaSHA1, .privateKey(TestKeys.rsa), .publicKey(TestKeys.rsa.publicKey)),
        (.ecdsaSHA256, .privateKey(TestKeys.p256), .publicKey(TestKeys.p256.publicKey)),
    ])
    func everyKindOfKeySigns(_ algorithm: SignatureAlgorithm, key: SigningKey, verificationKey: VerificationKey) throws {
        let testCase = Self.cases[0]
        let (document, placeholder, bytes) = try Self.written(testCase, algorithm: algorithm, key: key)
        #expect(!String(decoding: bytes, as: UTF8.self).contains("HMACOutputLength"))
        if algorithm.family != .ecdsa {
            let (builtDocument, builtSignature) = try Self.built(testCase, algorithm: algorithm, key: key)
            #expect(try document.canonicalize(placeholder, method: .exclusive) == builtDocument.canonicalize(builtSignature, method: .exclusive))
        }
        let received = try XMLDocument(parsing: document.serialize())
        let signature = try #require(received.root.descendantsAndSelf.first { $0.is("Signature", Self.ds) })
        var policy = SignatureVerificationPolicy()
        policy._WEAK_allowSHA1PublicKeySignatures = true
        _ = try SignatureVerifier(policy: policy).verify(signature, key: verificationKey, index: try IDIndex(received))
    }

    /// A digest the caller computed is written as it is.
    @Test func aKnownDigestIsWrittenAsItIs() throws {
        let digest = [UInt8](repeating: 7, count: 32)
        let writer = try SignatureWriter(algorithm: .hmacSHA256)
            .signature(references: [.init(uri: "#body", content: .digest(digest))], key: .secret(TestKeys.hmac))
        #expect(String(decoding: writer.bytes, as: UTF8.self).contains("<ds:DigestValue>\(Base64.encode(digest))</ds:DigestValue>"))
    }

    /// The builder's checks: SHA-1 public-key signatures only when allowed, a key that fits the
    /// algorithm, a reference at least, and a dereferencing transform that can write its
    /// parameters in canonical form.
    @Test func whatTheBuilderRefusesIsRefused() throws {
        let reference = SignatureWriter.Reference(uri: "#body", content: .octets([1]))
        func refused(_ code: XMLSecurityError.Code, _ writer: SignatureWriter, _ references: [SignatureWriter.Reference], key: SigningKey) {
            #expect(throws: XMLSecurityError.self) {
                do {
                    _ = try writer.signature(references: references, key: key)
                } catch let error as XMLSecurityError {
                    #expect(error.code == code)
                    throw error
                }
            }
        }
        refused(.unsupportedAlgorithm, SignatureWriter(algorithm: .rsaSHA1), [reference], key: .privateKey(TestKeys.rsa))
        refused(.unsupportedAlgorithm, SignatureWriter(algorithm: .ecdsaSHA1), [reference], key: .privateKey(TestKeys.p256))
        refused(.keyMismatch, SignatureWriter(algorithm: .hmacSHA256), [reference], key: .privateKey(TestKeys.rsa))
        refused(.keyMismatch, SignatureWriter(algorithm: .rsaSHA256), [reference], key: .secret(TestKeys.hmac))
        refused(.keyMismatch, SignatureWriter(algorithm: .rsaSHA256), [reference], key: .privateKey(TestKeys.p256))
        refused(.keyMismatch, SignatureWriter(algorithm: .ecdsaSHA256), [reference], key: .privateKey(TestKeys.rsa))
        refused(.malformed, SignatureWriter(algorithm: .hmacSHA256), [], key: .secret(TestKeys.hmac))
        let treeOnly = SignatureWriter.Reference(uri: "#body", transforms: .dereferencing(DereferencingTransformTests.Pointer()), content: .octets([1]))
        refused(.unsupportedTransform, SignatureWriter(algorithm: .hmacSHA256), [treeOnly], key: .secret(TestKeys.hmac))
    }
}
