import Foundation
import SAML
import SOAP
import TesseraSamples
import WSSecurity
import WSTrust
import X509
import XMLCore
import XMLSecurity

extension TokenExchangeDemo {
    /// Reads the messages of the scenario from their bytes, and verifies the forwarded one the
    /// way a provider does; every surprise is a ``Consumer/CheckFailed`` naming it.
    struct WireReader {
        typealias CheckFailed = Consumer.CheckFailed

        let stsCertificate: Certificate
        let gateway: Certificate
        let issuer: String
        let appliesTo: String

        private static let saml2 = "urn:oasis:names:tc:SAML:2.0:assertion"

        /// Step 2: the RST. What the STS made of its signature shows in step 3; here the RST must
        /// be an Issue for the route's AppliesTo, signed (a ds:Signature) with the gateway's
        /// certificate as its BinarySecurityToken, with a UsernameToken in OnBehalfOf.
        func issueRequest(_ bytes: [UInt8]) throws -> IssueRequest {
            let envelope = try Self.envelope(bytes, "the RST")
            guard let payload = envelope.bodyPayload, let rst = try? RequestSecurityToken(element: payload) else {
                throw CheckFailed("the gateway sent the STS something other than an RST")
            }
            guard rst.requestType == .issue else { throw CheckFailed("the RST is a \(rst.requestType.rawValue), not an Issue") }
            guard let address = rst.appliesTo?.address, address == appliesTo else {
                throw CheckFailed("the RST asks for \(rst.appliesTo?.address ?? "no AppliesTo"), not \(appliesTo)")
            }
            guard let element = rst.onBehalfOf?.descendantsAndSelf.first(where: { $0.is("UsernameToken", WSSNamespace.secext) }),
                let token = try? UsernameToken(element: element)
            else {
                throw CheckFailed("the RST carries no UsernameToken in OnBehalfOf")
            }
            let header = try? envelope.securityHeader()
            let signed = header?.firstChild("Signature", XMLSecurityNamespace.ds) != nil
            let certificates = header?.children("BinarySecurityToken", WSSNamespace.secext).compactMap { try? BinarySecurityToken(element: $0).leaf } ?? []
            guard signed, certificates.contains(gateway) else {
                throw CheckFailed("the RST is not signed with the gateway's certificate")
            }
            return IssueRequest(
                trustVersion: rst.version == .v13 ? "WS-Trust 1.3" : "WS-Trust 2005/02", soapVersion: envelope.version,
                appliesTo: address, tokenType: rst.tokenType == .saml20 ? "SAML 2.0" : rst.tokenType?.rawValue ?? "none",
                onBehalfOf: token.username, onBehalfOfHasPassword: token.password != nil, signer: "\(gateway.subject)",
                bytes: bytes.count)
        }

        /// Step 3: the RSTR (or the RSTRC of WS-Trust 1.3) and the SAML 2.0 assertion in it.
        func issueResponse(_ bytes: [UInt8]) throws -> IssueResponse {
            let envelope = try Self.envelope(bytes, "the RSTR")
            if let fault = try? SOAPFault(envelope: envelope) { throw CheckFailed("the STS refused the RST: \(fault)") }
            guard let payload = envelope.bodyPayload, let rstr = try? Self.response(payload) else {
                throw CheckFailed("the STS answered with something other than an RSTR")
            }
            guard let assertion = rstr.requestedSecurityToken, assertion.is("Assertion", Self.saml2), let id = assertion.attribute("ID") else {
                throw CheckFailed("the RSTR carries no SAML 2.0 assertion")
            }
            let subject = assertion.firstChild("Subject", Self.saml2)
            return IssueResponse(
                assertionID: id, subject: subject?.firstChild("NameID", Self.saml2)?.trimmedText ?? "?",
                confirmationMethod: subject?.firstChild("SubjectConfirmation", Self.saml2)?.attribute("Method") ?? "?",
                issuer: assertion.firstChild("Issuer", Self.saml2)?.trimmedText ?? "?", expires: rstr.lifetime?.expires, bytes: bytes.count)
        }

        /// Step 4: the forwarded message, accepted only as HelloService accepts it
        /// (``WSSecurity/SAMLTokenPolicy``: a SAML 2.0 assertion the STS signed, for the AppliesTo,
        /// confirmed sender-vouches by one gateway signature over assertion, Body and Timestamp),
        /// that signature also covering the WS-Addressing headers, and no UsernameToken left.
        func forward(_ bytes: [UInt8]) async throws -> Forward {
            let envelope = try Self.envelope(bytes, "the forwarded message")
            var policy = SAMLTokenPolicy(issuers: [stsCertificate], audiences: [appliesTo], attestingEntities: [gateway])
            policy.confirmations = [.senderVouches]
            let subject: SAMLAuthenticatedSubject
            do {
                subject = try await policy.authenticate(envelope, transportIsSecure: false)
            } catch {
                throw CheckFailed("the forwarded message is not accepted as a provider accepts it: \(error)")
            }
            guard subject.assertion.facts.version == .saml20 else { throw CheckFailed("the forwarded assertion is not SAML 2.0") }
            guard subject.issuer == issuer else { throw CheckFailed("the forwarded assertion was issued by \(subject.issuer), not \(issuer)") }
            guard case .senderVouches(let attesting) = subject.confirmation, attesting == gateway,
                let vouching = try? subject.security.senderVouchingSignature(
                    for: HeaderSAMLAssertion(element: subject.assertion.element),
                    body: envelope.body, by: gateway)
            else {
                throw CheckFailed("the forwarded assertion is not vouched for by the gateway's signature")
            }
            let addressing = envelope.headerBlocks.filter { $0.namespaceURI == WSAddressingVersion.v10.namespace }
            guard !addressing.isEmpty, addressing.allSatisfy(vouching.verified.covers) else {
                throw CheckFailed("the gateway's signature does not cover the WS-Addressing headers")
            }
            let usernameToken = QName(WSSNamespace.secext, "UsernameToken")
            guard envelope.header?.firstDescendant(namedAnyOf: [usernameToken]) == nil else {
                throw CheckFailed("the consumer's UsernameToken was forwarded to the provider")
            }
            return Forward(
                assertionID: subject.assertion.facts.id, subject: subject.name, issuer: subject.issuer,
                attestingEntity: "\(attesting.subject)", bytes: bytes.count)
        }

        /// Step 5: the text of HelloService's `HelloResponse` in the consumer's answer.
        func helloReply(_ bytes: [UInt8], version: SOAPVersion) throws -> String {
            let envelope = try Self.envelope(bytes, "the answer")
            if let fault = try? SOAPFault(envelope: envelope) { throw CheckFailed("the consumer got a fault: \(fault)") }
            guard envelope.version == version else { throw CheckFailed("the answer is \(envelope.version), the request was \(version)") }
            guard let payload = envelope.bodyPayload, payload.is("HelloResponse", HelloService.namespace) else {
                throw CheckFailed("the answer holds no HelloResponse")
            }
            return payload.trimmedText
        }

        private static func envelope(_ bytes: [UInt8], _ what: String) throws -> SOAPEnvelope {
            do {
                return try SOAPEnvelope(parsing: bytes)
            } catch {
                throw CheckFailed("\(what) is not a SOAP envelope")
            }
        }

        /// The RSTR of a WS-Trust 1.3 RSTRC or the 2005/02 RSTR itself.
        private static func response(_ payload: XMLElement) throws -> RequestSecurityTokenResponse? {
            if payload.localName == "RequestSecurityTokenResponseCollection" {
                return try RequestSecurityTokenResponseCollection(element: payload).responses.first
            }
            return try RequestSecurityTokenResponse(element: payload)
        }
    }
}
