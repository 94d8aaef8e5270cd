import Foundation
import SecurityCore
import TesseraClient
import WSSecurity
import WSTrust

/// What an STS answered, as lines for a person to read: token type and id, lifetime,
/// AppliesTo, proof key (its size and origin, never its bytes), Validate status, cancellation,
/// and whether the answer's signature was verified.
struct TokenSummary {
    let response: STSResponse

    /// Validate answered that the token is not valid.
    var validatedInvalid: Bool { response.response.status?.valid == false }

    var lines: [String] {
        let rstr = response.response
        var lines: [String] = []
        if let tokenType = rstr.tokenType { lines.append("token type: \(tokenType)") }
        if response.issuedToken != nil {
            lines.append("token id: \(response.issuedTokenID ?? "(none)")")
        }
        if let lifetime = rstr.lifetime {
            let created = lifetime.created.map { XSDDateTime.format($0) } ?? "?"
            let expires = lifetime.expires.map { XSDDateTime.format($0) } ?? "?"
            lines.append("lifetime: \(created) to \(expires)")
        }
        if let appliesTo = rstr.appliesTo { lines.append("applies to: \(appliesTo.address)") }
        if response.issuedToken != nil || response.proofKey != nil {
            lines.append("proof key: \(response.proofKey.map(\.description) ?? "none")")
        }
        if let status = rstr.status {
            lines.append("status: \(status.valid ? "valid" : "invalid")\(status.reason.map { " (\($0))" } ?? "")")
        }
        if rstr.requestedTokenCancelled { lines.append("cancelled: yes") }
        if let signer = response.verifiedSigner {
            lines.append("response signature: verified (\(signer.subject))")
        } else {
            lines.append("response signature: not verified (no --sts-cert)")
        }
        return lines
    }
}
