import Foundation
import FuzzSupport
import WSTrust
import XMLCore

/// The generated seed inputs: requests and responses of each type and version, written by the
/// codec itself into a SOAP Body.
enum TrustMessages {
    static func all() throws -> [(name: String, bytes: [UInt8])] {
        var seeds: [(name: String, bytes: [UInt8])] = []
        let lifetime = Lifetime(created: TestPKI.created, expires: TestPKI.created.addingTimeInterval(300))
        let secret = BinarySecret(value: Array(repeating: 0x5A, count: 32), type: nil)
        // The tokens requests and responses carry (copied in when written).
        let tokens = body()
        let wsc = "http://docs.oasis-open.org/ws-sx/ws-secureconversation/200512"
        tokens.root.addChild("SecurityContextToken", wsc, prefix: "wsc").addChild("Identifier", wsc, prefix: "wsc").setText("urn:uuid:ctx")
        tokens.root.addChild("Assertion", "urn:oasis:names:tc:SAML:2.0:assertion", prefix: "saml").setAttribute("ID", value: "_a1")
        for version in WSTrustVersion.allCases {
            let tag = version == .v13 ? "13" : "200502"
            for type in RequestType.allCases {
                let document = body()
                var request = RequestSecurityToken(version: version, requestType: type)
                request.context = "urn:uuid:context-\(type.rawValue)"
                request.tokenType = type == .issue ? .saml20 : .sct13
                request.appliesTo = AppliesTo(address: "http://testHost/HelloService")
                request.keyType = type == .issue ? .symmetricKey : .bearer
                request.keySize = 256
                request.entropy = .binarySecret(BinarySecret(value: Array(repeating: 0x11, count: 32), type: version.binarySecretNonce))
                request.computedKeyAlgorithm = version.computedKeyPSHA1
                request.lifetime = lifetime
                if type != .issue {
                    request.target = tokens.root.children[0]
                    request.renewing = type == .renew ? (allow: true, ok: false) : nil
                }
                request.write(into: document.root)
                seeds.append(("rst-\(type.rawValue.lowercased())-\(tag).xml", document.serialize()))
            }
            var response = RequestSecurityTokenResponse(version: version)
            response.context = "urn:uuid:context-issue"
            response.tokenType = .saml20
            response.appliesTo = AppliesTo(address: "http://testHost/HelloService", policyNamespace: AppliesTo.wsp15)
            response.lifetime = lifetime
            response.keySize = 256
            response.keyType = .symmetricKey
            response.entropy = .binarySecret(secret)
            response.requestedProofToken = .computedKey(version.computedKeyPSHA1)
            response.requestedSecurityToken = tokens.root.children[1]
            var document = body()
            response.write(into: document.root)
            seeds.append(("rstr-issue-\(tag).xml", document.serialize()))

            document = body()
            response.requestedSecurityToken = nil
            response.requestedProofToken = .binarySecret(secret)
            RequestSecurityTokenResponseCollection(responses: [response, response]).write(into: document.root, version: version)
            seeds.append(("rstrc-\(tag).xml", document.serialize()))

            document = body()
            var status = RequestSecurityTokenResponse(version: version)
            status.tokenType = TokenType(rawValue: version.statusTokenType)
            status.status = .init(valid: false, reason: "expired")
            status.write(into: document.root)
            seeds.append(("rstr-status-\(tag).xml", document.serialize()))

            document = body()
            var cancelled = RequestSecurityTokenResponse(version: version)
            cancelled.requestedTokenCancelled = true
            cancelled.writeFinalIssueResponse(into: document.root)
            seeds.append(("rstr-cancelled-\(tag).xml", document.serialize()))
        }
        return seeds
    }

    private static func body() -> XMLDocument {
        XMLDocument(rootLocalName: "Body", namespace: "http://schemas.xmlsoap.org/soap/envelope/", prefix: "soap")
    }
}
