import Foundation
import SAML

extension ServerConfiguration {
    /// A relying party as configured: the AppliesTo addresses that select it and what it is
    /// issued. Mapped to ``STS/RelyingParty``.
    public struct RelyingPartyEntry: Codable, Sendable, Hashable {
        /// A unique name, used in logs, metrics and ``ServerConfiguration/defaultRelyingParty``.
        public var name: String
        /// The addresses that select this party, tried in order (the first party that matches
        /// wins).
        public var appliesTo: [AddressPattern]
        public var tokenType: TokenTypeName = .saml20
        public var keyType: KeyTypeName = .bearer
        /// Lifetime of its tokens in seconds (the default lifetime when nil), at most the maximum.
        public var lifetimeSeconds: Int?
        /// The SAML audience; the AppliesTo address of the request when nil.
        public var audience: String?
        /// NameID Format: a short name (`unspecified`, `emailAddress`, `x509SubjectName`,
        /// `windowsDomainQualifiedName`, `kerberos`, `entity`, `persistent`, `transient`) or a URI.
        public var nameIDFormat = "unspecified"
        public var confirmation: ConfirmationName = .senderVouches
        /// The key types a request may ask for; only ``keyType`` when nil.
        public var acceptedKeyTypes: [KeyTypeName]?
        /// The attributes (claims) this party receives, in order; none beyond the subject's name
        /// unless listed.
        public var claims: [Claim] = []
        /// PEM certificate of the party: symmetric proof keys are encrypted for it, and SAML 2.0
        /// assertions too when ``encryptsToken`` is on.
        public var encryptionCertificate: String?
        /// Whether SAML 2.0 assertions are issued encrypted (`EncryptedAssertion`) for
        /// ``encryptionCertificate``.
        public var encryptsToken = true
        /// The algorithm the STS signs this party's assertions with.
        public var signatureAlgorithm: SignatureAlgorithmName = .rsaSHA256
        /// Allows ``signatureAlgorithm`` `rsa-sha1` for a legacy party that accepts nothing else.
        /// SHA-1 signatures can be forged by a well-funded attacker.
        public var INSECURE_allowSHA1Signature = false
        /// How JWTs are signed for this party (``tokenType`` `jwt`).
        public var jwtAlgorithm: JWTAlgorithmName = .rs256
        /// How a JWT is carried in `wst:RequestedSecurityToken`.
        public var jwtEncapsulation: JWTEncapsulationName = .tokenWrapper
        /// Whether its tokens are renewable when the request does not say; ``Renewal/renewableByDefault`` when nil.
        public var renewable: Bool?
        /// Who may obtain its tokens, for whom; any authenticated requestor when nil.
        public var authorization: Authorization?
        /// Whether the STS issues security contexts (WS-SC 1.3 §3) for this party to the
        /// requestors ``authorization`` allows, under the `secureConversation` section's bootstrap
        /// policy, key sizes, lifetimes and context keeping.
        public var securityContexts = false

        public init(
            name: String, appliesTo: [AddressPattern], tokenType: TokenTypeName = .saml20, keyType: KeyTypeName = .bearer,
            lifetimeSeconds: Int? = nil, audience: String? = nil, nameIDFormat: String = "unspecified",
            confirmation: ConfirmationName = .senderVouches
        ) {
            self.name = name
            self.appliesTo = appliesTo
            self.tokenType = tokenType
            self.keyType = keyType
            self.lifetimeSeconds = lifetimeSeconds
            self.audience = audience
            self.nameIDFormat = nameIDFormat
            self.confirmation = confirmation
        }

        /// The short names ``nameIDFormat`` may use.
        static let nameIDFormatNames: [String: SAMLNameIDFormat] = [
            "unspecified": .unspecified, "emailAddress": .emailAddress, "x509SubjectName": .x509SubjectName,
            "windowsDomainQualifiedName": .windowsDomainQualifiedName, "kerberos": .kerberos, "entity": .entity,
            "persistent": .persistent, "transient": .transient,
        ]

        /// ``nameIDFormat`` as a format URI; nil when it is neither a short name nor a URI.
        var nameIDFormatURI: SAMLNameIDFormat? {
            let text = nameIDFormat.trimmingCharacters(in: .whitespaces)
            if let known = Self.nameIDFormatNames[text] { return known }
            return text.contains(":") ? SAMLNameIDFormat(rawValue: text) : nil
        }

        enum CodingKeys: String, CodingKey {
            case name, appliesTo, tokenType, keyType, lifetimeSeconds, audience, nameIDFormat, confirmation
            case acceptedKeyTypes, claims, encryptionCertificate, encryptsToken, signatureAlgorithm, INSECURE_allowSHA1Signature
            case jwtAlgorithm, jwtEncapsulation, renewable, authorization, securityContexts
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
            name = try c.decode(String.self, forKey: .name)
            appliesTo = try c.decode([AddressPattern].self, forKey: .appliesTo)
            tokenType = try c.decodeIfPresent(TokenTypeName.self, forKey: .tokenType) ?? tokenType
            keyType = try c.decodeIfPresent(KeyTypeName.self, forKey: .keyType) ?? keyType
            lifetimeSeconds = try c.decodeIfPresent(Int.self, forKey: .lifetimeSeconds)
            audience = try c.decodeIfPresent(String.self, forKey: .audience)
            nameIDFormat = try c.decodeIfPresent(String.self, forKey: .nameIDFormat) ?? nameIDFormat
            confirmation = try c.decodeIfPresent(ConfirmationName.self, forKey: .confirmation) ?? confirmation
            acceptedKeyTypes = try c.decodeIfPresent([KeyTypeName].self, forKey: .acceptedKeyTypes)
            claims = try c.decodeIfPresent([Claim].self, forKey: .claims) ?? []
            encryptionCertificate = try c.decodeIfPresent(String.self, forKey: .encryptionCertificate)
            encryptsToken = try c.decodeIfPresent(Bool.self, forKey: .encryptsToken) ?? encryptsToken
            signatureAlgorithm = try c.decodeIfPresent(SignatureAlgorithmName.self, forKey: .signatureAlgorithm) ?? signatureAlgorithm
            INSECURE_allowSHA1Signature = try c.decodeIfPresent(Bool.self, forKey: .INSECURE_allowSHA1Signature) ?? false
            jwtAlgorithm = try c.decodeIfPresent(JWTAlgorithmName.self, forKey: .jwtAlgorithm) ?? jwtAlgorithm
            jwtEncapsulation = try c.decodeIfPresent(JWTEncapsulationName.self, forKey: .jwtEncapsulation) ?? jwtEncapsulation
            renewable = try c.decodeIfPresent(Bool.self, forKey: .renewable)
            authorization = try c.decodeIfPresent(Authorization.self, forKey: .authorization)
            securityContexts = try c.decodeIfPresent(Bool.self, forKey: .securityContexts) ?? false
        }
    }

    /// How an AppliesTo address is matched: `{exact: URL}` or `{prefix: URL}`.
    public enum AddressPattern: Codable, Sendable, Hashable, CustomStringConvertible {
        /// The address itself (ignoring surrounding whitespace and one trailing slash).
        case exact(String)
        /// Every address that starts with this text.
        case prefix(String)

        enum CodingKeys: String, CodingKey { case exact, prefix }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
            switch (try c.decodeIfPresent(String.self, forKey: .exact), try c.decodeIfPresent(String.self, forKey: .prefix)) {
            case (let exact?, nil): self = .exact(exact)
            case (nil, let prefix?): self = .prefix(prefix)
            default:
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "give exactly one of exact or prefix"))
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            switch self {
            case .exact(let value): try c.encode(value, forKey: .exact)
            case .prefix(let value): try c.encode(value, forKey: .prefix)
            }
        }

        /// The address or prefix.
        public var value: String {
            switch self {
            case .exact(let value), .prefix(let value): value
            }
        }

        public var description: String {
            switch self {
            case .exact(let value): "exact \(value)"
            case .prefix(let value): "prefix \(value)"
            }
        }
    }

    /// The token types a relying party can be configured for, by short name or token type URI.
    public enum TokenTypeName: String, Codable, Sendable, Hashable, CaseIterable {
        case saml20 = "saml2.0"
        case saml11 = "saml1.1"
        case jwt
        /// A UsernameToken identity assertion (Username Token Profile 1.1).
        case usernameToken

        /// Accepts the short name, the SAML Token Profile URI, the SAML namespace URI, or the
        /// UsernameToken token type URI.
        public init(from decoder: any Decoder) throws {
            let text = try decoder.singleValueContainer().decode(String.self).trimmingCharacters(in: .whitespaces)
            let aliases: [String: Self] = [
                "saml2.0": .saml20, "saml2": .saml20,
                "http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLV2.0": .saml20,
                "urn:oasis:names:tc:SAML:2.0:assertion": .saml20,
                "saml1.1": .saml11, "saml1": .saml11,
                "http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLV1.1": .saml11,
                "urn:oasis:names:tc:SAML:1.0:assertion": .saml11,
                "jwt": .jwt, "urn:ietf:params:oauth:token-type:jwt": .jwt,
                "usernameToken": .usernameToken,
                "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#UsernameToken": .usernameToken,
            ]
            guard let value = aliases[text] else {
                throw DecodingError.dataCorrupted(
                    .init(
                        codingPath: decoder.codingPath,
                        debugDescription: "'\(text)' is not a token type Tessera issues (saml2.0, saml1.1, jwt, usernameToken, or their URIs)"))
            }
            self = value
        }
    }

    /// The proof-key kinds (WS-Trust 1.3 §4.4.1).
    public enum KeyTypeName: String, Codable, Sendable, Hashable, CaseIterable {
        case bearer
        case symmetricKey = "symmetric"
        case publicKey = "public"

        public init(from decoder: any Decoder) throws {
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let value = Self(rawValue: text) else {
                throw DecodingError.dataCorrupted(
                    .init(
                        codingPath: decoder.codingPath,
                        debugDescription: "'\(text)' is not a key type (bearer, symmetric, public)"))
            }
            self = value
        }
    }

    /// How the issued assertion's subject is confirmed.
    public enum ConfirmationName: String, Codable, Sendable, Hashable, CaseIterable {
        case bearer
        case senderVouches = "sender-vouches"
        case holderOfKey = "holder-of-key"

        public init(from decoder: any Decoder) throws {
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let value = Self(rawValue: text) else {
                throw DecodingError.dataCorrupted(
                    .init(
                        codingPath: decoder.codingPath,
                        debugDescription: "'\(text)' is not a confirmation method (bearer, sender-vouches, holder-of-key)"))
            }
            self = value
        }
    }
}
