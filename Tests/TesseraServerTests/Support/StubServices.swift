import SOAP
import TesseraServer

/// Answers every request with an empty envelope of its version.
struct EmptyResponseService: TokenServiceEndpoint {
    func respond(to request: SOAPEnvelope, context: EndpointRequest) async -> SOAPEnvelope {
        SOAPEnvelope(version: request.version)
    }
}

/// Holds every request until `expected` of them are inside the service at once, then answers
/// them all: a server that handled requests one after another would never answer.
actor Rendezvous {
    private let expected: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []
    private(set) var peak = 0

    init(expected: Int) {
        self.expected = expected
    }

    func arrive() async {
        peak = max(peak, waiting.count + 1)
        if waiting.count + 1 >= expected {
            for continuation in waiting { continuation.resume() }
            waiting.removeAll()
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }
}

struct RendezvousService: TokenServiceEndpoint {
    let rendezvous: Rendezvous

    func respond(to request: SOAPEnvelope, context: EndpointRequest) async -> SOAPEnvelope {
        await rendezvous.arrive()
        return SOAPEnvelope(version: request.version)
    }
}
