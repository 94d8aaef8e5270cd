import FuzzSupport
import WSTrust
import XMLCore

/// The WS-Trust RST/RSTR codec (WS-Trust 1.3 §3.1, §3.2, §4.4 and the 2005/02 draft): every
/// element of a parsed input is read as a RequestSecurityToken, a
/// RequestSecurityTokenResponse and a collection of them; whatever is accepted is written
/// back and must be read again (``RoundTrip``).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWSTrust(_ data: UnsafeRawPointer, _ count: Int) -> CInt {
    guard let document = try? XMLDocument(parsing: fuzzInput(data, count)) else { return 0 }
    for element in RoundTrip.candidates(in: document) {
        if let request = try? RequestSecurityToken(element: element) {
            RoundTrip.check("RequestSecurityToken", write: { request.write(into: $0) }, decode: RequestSecurityToken.init(element:))
        }
        if let response = try? RequestSecurityTokenResponse(element: element) {
            RoundTrip.check("RequestSecurityTokenResponse", write: { response.write(into: $0) },
                            decode: RequestSecurityTokenResponse.init(element:))
            RoundTrip.check("final RequestSecurityTokenResponse", write: { response.writeFinalIssueResponse(into: $0) }) { _ in }
        }
        if let collection = try? RequestSecurityTokenResponseCollection(element: element), let first = collection.responses.first {
            RoundTrip.check("RequestSecurityTokenResponseCollection", write: { collection.write(into: $0, version: first.version) },
                            decode: RequestSecurityTokenResponseCollection.init(element:))
        }
    }
    return 0
}

@_cdecl("FuzzWSTrust_main")
public func fuzzWSTrustMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, seeds: TrustMessages.all, fuzzWSTrust)
}
