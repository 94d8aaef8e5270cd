import FuzzSupport
import SecureConversation
import XMLCore

/// WS-SecureConversation's token models (WS-SC 1.3 §3, §7 and the 2005/02 draft): every
/// element of a parsed input is read as a DerivedKeyToken and a SecurityContextToken. An
/// accepted DerivedKeyToken derives its key (P_SHA1, WS-SC 1.3 §7) from a fixed secret; both
/// are written back and must be read again (``RoundTrip``), a SecurityContextToken unchanged.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSecureConversation(_ data: UnsafeRawPointer, _ count: Int) -> CInt {
    guard let document = try? XMLDocument(parsing: fuzzInput(data, count)) else { return 0 }
    for element in RoundTrip.candidates(in: document) {
        if let token = try? DerivedKeyToken(element: element) {
            _ = try? token.deriveKey(from: sharedSecret)
            RoundTrip.check("DerivedKeyToken", write: { token.write(into: $0) }, decode: DerivedKeyToken.init(element:))
        }
        if let token = try? SecurityContextToken(element: element) {
            let read = RoundTrip.check("SecurityContextToken", write: { token.write(into: $0) }, decode: SecurityContextToken.init(element:))
            guard read == token else { Finding.report("a written SecurityContextToken reads back as another token") }
        }
    }
    return 0
}

/// The secret derived keys are computed from.
private let sharedSecret: [UInt8] = Array(0..<32)

@_cdecl("FuzzSecureConversation_main")
public func fuzzSecureConversationMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, seeds: ContextTokens.all, fuzzSecureConversation)
}
