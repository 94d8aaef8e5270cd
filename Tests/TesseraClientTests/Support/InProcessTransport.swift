import Foundation
import SecurityCore
import SOAP
import STS
import Testing
import TesseraCrypto
import WSSecurity
import WSTrust
import XMLCore

/// A transport answering in process, through the SOAPTransport seam: the answer is computed
/// from the request's bytes by `answer`.
struct InProcessTransport: SOAPTransport {
    let answer: @Sendable (_ request: [UInt8], _ version: SOAPVersion, _ action: String?) async throws -> [UInt8]

    func exchange(_ request: [UInt8], version: SOAPVersion, action: String?) async throws -> [UInt8] {
        try await answer(request, version, action)
    }

    /// Hands the request to an in-process token service.
    static func sts(_ service: SecurityTokenService) -> InProcessTransport {
        InProcessTransport { request, _, _ in
            await service.handle(try SOAPEnvelope(parsing: request)).serialize()
        }
    }

    /// Answers with the RSTR `respond` builds from the parsed request, in a WS-Trust 1.3
    /// collection, related to the request's MessageID and signed with `signer` when given (over
    /// Body, Timestamp and, unless `signsAddressing` is false, the addressing headers, as
    /// Tessera's STS signs).
    static func crafted(
        signer: X509Credential? = nil, signsAddressing: Bool = true,
        relatesTo: (@Sendable (_ messageID: String) -> String)? = nil,
        respond: @escaping @Sendable (RequestSecurityToken) throws -> RequestSecurityTokenResponse
    ) -> InProcessTransport {
        InProcessTransport { request, _, _ in
            let envelope = try SOAPEnvelope(parsing: request)
            let rst = try RequestSecurityToken(element: try #require(envelope.bodyPayload))
            let messageID = try #require(try AddressingHeaders(reading: envelope)?.messageID)
            let response = SOAPEnvelope(version: envelope.version)
            AddressingHeaders(
                version: .v10, action: rst.version.responseAction(rst.requestType), messageID: AddressingHeaders.newMessageID(),
                relatesTo: [.init(messageID: relatesTo?(messageID) ?? messageID)]
            ).write(to: response)
            let rstr = try respond(rst)
            switch rst.version {
            case .v13: RequestSecurityTokenResponseCollection(responses: [rstr]).write(into: response.body, version: .v13)
            case .v200502: rstr.write(into: response.body)
            }
            if let signer {
                var builder = SecurityHeaderBuilder()
                var options = SecurityHeaderBuilder.SignatureOptions(credential: signer)
                options.parts = signsAddressing ? [.body, .timestamp, .addressingHeaders] : [.body, .timestamp]
                builder.signature = options
                try builder.secure(response)
            }
            return response.serialize()
        }
    }
}
