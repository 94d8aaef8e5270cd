internal import CLibXML2
import Synchronization

/// A bounded pool of libxml2 parser contexts, so a parse does not pay for a new context and
/// name dictionary (about a tenth of parsing a 5 KB SOAP message).
///
/// A context is lent to one parse and stays with the document it produced until that document
/// is released: the document shares the context's dictionary and adds names to it when it is
/// changed, and libxml2's dictionaries are not thread-safe, so a context never parses while a
/// document holding its dictionary is alive. A context comes back only while its dictionary
/// stays under `maxDictionaryEntries` (names and short texts of past messages are interned
/// there, so a stream of messages with fresh names cannot make it grow without limit), and at
/// most `capacity` contexts are kept.
final class ParserContextPool: Sendable {
    /// The pool every parse uses.
    static let shared = ParserContextPool(capacity: 16, maxDictionaryEntries: 4_096)

    let capacity: Int
    let maxDictionaryEntries: Int

    /// A context held by the pool; only ever used by the one task that took it out.
    private struct Idle: @unchecked Sendable {
        let context: xmlParserCtxtPtr
    }

    private let idle = Mutex<[Idle]>([])

    init(capacity: Int, maxDictionaryEntries: Int) {
        self.capacity = capacity
        self.maxDictionaryEntries = maxDictionaryEntries
    }

    deinit {
        idle.withLock { pool in pool.forEach { xmlFreeParserCtxt($0.context) } }
    }

    /// An idle context, or a new one (nil when libxml2 cannot allocate it).
    func take() -> xmlParserCtxtPtr? {
        if let pooled = idle.withLock({ $0.popLast() }) { return pooled.context }
        guard let context = xmlNewParserCtxt() else { return nil }
        // A DOCTYPE is reported through the internalSubset SAX event before any declaration in
        // it is read: record it and stop the parser there.
        context.pointee.sax.pointee.internalSubset = { userData, _, _, _ in
            guard let context = userData?.assumingMemoryBound(to: xmlParserCtxt.self) else { return }
            context.pointee._private = doctypeSentinel
            xmlStopParser(context)
        }
        return context
    }

    /// Takes back a context no document uses any more; frees it when its dictionary has grown
    /// past the bound or the pool is full.
    func giveBack(_ context: xmlParserCtxtPtr) {
        xmlCtxtReset(context)
        context.pointee._private = nil
        if Int(xmlDictSize(context.pointee.dict)) <= maxDictionaryEntries {
            let kept = idle.withLock { pool in
                guard pool.count < capacity else { return false }
                pool.append(Idle(context: context))
                return true
            }
            if kept { return }
        }
        xmlFreeParserCtxt(context)
    }

    /// The number of contexts waiting to be reused (never above `capacity`).
    var idleCount: Int { idle.withLock { $0.count } }

    /// Whether `context` stopped at a DOCTYPE during its last parse.
    static func sawDoctype(_ context: xmlParserCtxtPtr) -> Bool {
        context.pointee._private == doctypeSentinel
    }
}

/// Marks a parser context that saw a DOCTYPE.
nonisolated(unsafe) private let doctypeSentinel = UnsafeMutableRawPointer(bitPattern: 0x1)
