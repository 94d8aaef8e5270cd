import FuzzSupport
import XMLCore

/// The hardened parser on arbitrary bytes; on every document it accepts, Tessera's serializer
/// and Exclusive C14N writer against libxml2 (``WriterCheck``), inclusive C14N, and the
/// serializer's promise that its output parses back to the same exclusive canonical form.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzXML(_ data: UnsafeRawPointer, _ count: Int) -> CInt {
    guard let document = try? XMLDocument(parsing: fuzzInput(data, count)) else { return 0 }
    WriterCheck.check(document)
    let method = CanonicalizationMethod.exclusive(withComments: true, inclusivePrefixes: [])
    // A document with a relative namespace URI has no canonical form.
    guard let canonical = try? document.canonicalize(document.root, method: method) else { return 0 }
    let serialized = document.serialize()
    guard let reparsed = try? XMLDocument(parsing: serialized, limits: document.limits) else {
        Finding.report("the serialized document does not parse back")
    }
    guard (try? reparsed.canonicalize(reparsed.root, method: method)) == canonical else {
        Finding.report("the serialized document canonicalizes differently once parsed back")
    }
    return 0
}

@_cdecl("FuzzXML_main")
public func fuzzXMLMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzXML)
}
