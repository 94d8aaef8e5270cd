import Testing
import TesseraCrypto
import XMLCore
@testable import XMLSecurity

/// A signature whose SignedInfo is written as bytes (``SignatureBuilder/writesSignedInfoAsBytes``)
/// goes out as exactly the bytes of the same signature built as a tree, in every namespace
/// context, with values the two forms escape differently, and verifies; what the writer does
/// not write is built as a tree.
struct SignedInfoAsBytesTests {
    static let ds = XMLSecurityNamespace.ds
    static let wsu = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"

    /// Digests the exclusive C14N of the element the reference's URI selects, and writes a
    /// parameter element with a nested `ds:` element and an attribute.
    struct Parameterized: DereferencingTransform {
        static let uri = "urn:tessera:test:parameterized"
        static let namespace = "urn:tessera:test:parameters"
        var algorithm: String { Self.uri }

        func writeParameters(into transform: XMLElement) {
            let parameters = transform.addChild("Parameters", Self.namespace, prefix: "p")
            parameters.addChild("Method", XMLSecurityNamespace.ds, prefix: "ds").setAttribute("Algorithm", value: "urn:method&more")
            parameters.addChild("Note", Self.namespace, prefix: "p").setText("a<b")
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
        let place: [Int]
        let references: @Sendable (XMLDocument) throws -> [SignatureBuilder.Reference]
        var testDescription: String { name }
    }

    /// A SOAP 1.1 envelope with a Timestamp and a Body, the Envelope carrying `declarations`.
    static func envelope(declaring declarations: String = "", timestampID: String = "ts") -> String {
        """
        <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:wsu="\(wsu)"\(declarations)><soap:Header>\
        <wsse:Security xmlns:wsse="urn:security"><wsu:Timestamp wsu:Id="\(timestampID)"><wsu:Created>2026-11-21T10:00:00Z</wsu:Created>\
        </wsu:Timestamp></wsse:Security></soap:Header><soap:Body wsu:Id="body"><m:hello xmlns:m="urn:example">jdoe</m:hello></soap:Body>\
        </soap:Envelope>
        """
    }

    static let plain: @Sendable (XMLDocument) throws -> [SignatureBuilder.Reference] = { _ in [.init(uri: "#ts"), .init(uri: "#body")] }

    static let cases: [Case] = [
        Case(name: "ds declared nowhere", document: envelope(), place: [0, 0], references: plain),
        Case(name: "ds declared on the envelope", document: envelope(declaring: " xmlns:ds=\"\(ds)\""), place: [0, 0], references: plain),
        Case(name: "ds bound to another namespace", document: envelope(declaring: " xmlns:ds=\"urn:not-dsig\""), place: [0, 0], references: plain),
        Case(
            name: "an ID the forms escape differently", document: envelope(timestampID: "a&amp;b&lt;c&gt;d&quot;e'f&#9;g&#10;h&#13;i"),
            place: [0, 0], references: { _ in [.init(uri: "#a&b<c>d\"e'f\tg\nh\ri"), .init(uri: "#body")] }),
        Case(
            name: "InclusiveNamespaces, ec bound elsewhere", document: envelope(declaring: " xmlns:ec=\"urn:not-c14n\""), place: [0, 0],
            references: { _ in
                [.init(uri: "#body", transforms: .init(canonicalization: .exclusive(withComments: false, inclusivePrefixes: ["soap", "#default"])))]
            }),
        Case(
            name: "an enveloped signature", document: #"<a:Token xmlns:a="urn:token" ID="t1"><a:Claim>x</a:Claim></a:Token>"#, place: [],
            references: { _ in [.init(uri: "#t1", transforms: .envelopedExclusive, digestMethod: .sha1)] }),
        Case(
            name: "a dereferencing transform with its parameters", document: envelope(), place: [0, 0],
            references: { document in
                let body = try #require(document.root.children.last)
                let digest = DigestMethod.sha256.algorithm.hash(try document.canonicalize(body, method: .exclusive))
                return [
                    .init(uri: "#ts"),
                    .init(uri: "#body", transforms: .dereferencing(Parameterized(), parameters: TransformParameters(of: Parameterized())), knownDigest: digest),
                ]
            }),
        Case(
            name: "parameters whose prefix is bound where they go", document: envelope(declaring: " xmlns:p=\"\(Parameterized.namespace)\""),
            place: [0, 0],
            references: { document in
                let body = try #require(document.root.children.last)
                let digest = DigestMethod.sha256.algorithm.hash(try document.canonicalize(body, method: .exclusive))
                return [
                    .init(uri: "#body", transforms: .dereferencing(Parameterized(), parameters: TransformParameters(of: Parameterized())), knownDigest: digest)
                ]
            }),
    ]

    /// `document` parsed and signed with an HMAC (deterministic, as PKCS#1 v1.5 is), SignedInfo
    /// written as bytes or built; the document and its serialization.
    static func signed(_ testCase: Case, asBytes: Bool, canonicalization: CanonicalizationMethod = .exclusive) throws -> (XMLDocument, [UInt8]) {
        let document = try XMLDocument(parsing: Array(testCase.document.utf8))
        var place = document.root
        for position in testCase.place { place = try #require(place.children.dropFirst(position).first) }
        var builder = SignatureBuilder(
            algorithm: .hmacSHA256, canonicalization: canonicalization, references: try testCase.references(document), signatureID: "sig-1")
        builder.writesSignedInfoAsBytes = asBytes
        try builder.sign(in: place, key: .secret(TestKeys.hmac)) { keyInfo in
            keyInfo.addChild("KeyName", Self.ds, prefix: "ds").setText("shared")
        }
        return (document, document.serialize())
    }

    @Test(arguments: cases)
    func theBytesAreTheTreesBytes(_ testCase: Case) throws {
        let (written, bytes) = try Self.signed(testCase, asBytes: true)
        let (_, built) = try Self.signed(testCase, asBytes: false)
        #expect(String(decoding: bytes, as: UTF8.self) == String(decoding: built, as: UTF8.self))
        // The tree holds a placeholder: the signature cannot be canonicalized in it any more.
        let signature = try #require(written.root.descendantsAndSelf.first { $0.is("Signature", Self.ds) })
        #expect(throws: XMLError.self) { try written.canonicalize(signature, method: .exclusive) }
    }

    @Test(arguments: cases)
    func theBytesVerify(_ testCase: Case) throws {
        let (_, bytes) = try Self.signed(testCase, asBytes: true)
        let received = try XMLDocument(parsing: bytes)
        let signature = try #require(received.root.descendantsAndSelf.first { $0.is("Signature", Self.ds) })
        let verified = try SignatureVerifier(dereferencingTransforms: [Parameterized()])
            .verify(signature, key: .secret(TestKeys.hmac), index: try IDIndex(received))
        #expect(verified.references.count == (try testCase.references(received).count))
    }

    /// A value outside ASCII, a SignedInfo canonicalized with InclusiveNamespaces, a
    /// dereferencing transform without a known digest: built as a tree, the same bytes.
    @Test func whatTheWriterDoesNotWriteIsBuilt() throws {
        let nonASCII = Case(name: "", document: Self.envelope(timestampID: "tś"), place: [0, 0], references: { _ in [.init(uri: "#tś")] })
        let withPrefixes = CanonicalizationMethod.exclusive(withComments: false, inclusivePrefixes: ["soap"])
        let unknownDigest = Case(
            name: "", document: Self.envelope(), place: [0, 0],
            references: { _ in [.init(uri: "#body", transforms: .dereferencing(Parameterized(), parameters: TransformParameters(of: Parameterized())))] })
        for (testCase, canonicalization) in [(nonASCII, CanonicalizationMethod.exclusive), (Self.cases[0], withPrefixes), (unknownDigest, .exclusive)] {
            let (written, bytes) = try Self.signed(testCase, asBytes: true, canonicalization: canonicalization)
            #expect(bytes == (try Self.signed(testCase, asBytes: false, canonicalization: canonicalization)).1)
            let signature = try #require(written.root.descendantsAndSelf.first { $0.is("Signature", Self.ds) })
            _ = try written.canonicalize(signature, method: .exclusive)
        }
    }

    /// Parameters a SignedInfo written as bytes cannot hold are not read.
    @Test func parametersBeyondTheWriterAreRefused() {
        struct Qualified: DereferencingTransform {
            var algorithm: String { "urn:qualified" }
            func writeParameters(into transform: XMLElement) {
                transform.addChild("P", "urn:p", prefix: "p").setAttribute("a", "urn:attribute", prefix: "q", value: "v")
            }
            func dereference(_ referenced: XMLElement, transform: XMLElement, signature: XMLElement, index: IDIndex) throws -> DereferencedContent {
                DereferencedContent(element: referenced, octets: [])
            }
        }
        struct Unprefixed: DereferencingTransform {
            var algorithm: String { "urn:unprefixed" }
            func writeParameters(into transform: XMLElement) { transform.addChild("P", "urn:p") }
            func dereference(_ referenced: XMLElement, transform: XMLElement, signature: XMLElement, index: IDIndex) throws -> DereferencedContent {
                DereferencedContent(element: referenced, octets: [])
            }
        }
        #expect(TransformParameters(of: Qualified()) == nil)
        #expect(TransformParameters(of: Unprefixed()) == nil)
        #expect(TransformParameters(of: Parameterized()) != nil)
    }
}
