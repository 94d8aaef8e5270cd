public import SecurityCore
import SOAP
public import Foundation
import TesseraCrypto
public import XMLCore

/// `wsse:UsernameToken` (Username Token Profile 1.1): a username with an optional password
/// (text or digest), Nonce and Created.
public struct UsernameToken: Sendable, Hashable {
    public enum Password: Sendable, Hashable {
        case text(String)
        /// Base64(SHA-1(nonce + created + password)), with the token's Nonce and Created.
        case digest([UInt8])
    }

    public var username: String
    public var password: Password?
    public var nonce: [UInt8]?
    public var created: Date?
    /// The Created text as sent (the digest covers these exact characters).
    public var createdText: String?

    public init(username: String, password: Password?, nonce: [UInt8]? = nil, created: Date? = nil) {
        self.username = username
        self.password = password
        self.nonce = nonce
        self.created = created
        self.createdText = created.map { XSDDateTime.format($0) }
    }

    /// A token carrying a PasswordDigest computed from `password` with a fresh nonce.
    public static func digest(username: String, password: String, created: Date) -> UsernameToken {
        let nonce = SecureRandom.bytes(16)
        var token = UsernameToken(username: username, password: nil, nonce: nonce, created: created)
        token.password = .digest(passwordDigest(nonce: nonce, created: token.createdText ?? "", password: password))
        return token
    }

    /// SHA-1(nonce + created + password) (UsernameToken Profile 1.1 §3.1).
    public static func passwordDigest(nonce: [UInt8], created: String, password: String) -> [UInt8] {
        DigestAlgorithm.sha1.hash(nonce + Array(created.utf8) + Array(password.utf8))
    }

    public init(element: XMLElement) throws {
        let wsse = WSSNamespace.secext
        guard let username = element.firstChild("Username", wsse)?.trimmedText, !username.isEmpty else {
            throw WSSecurityError(.invalidSecurityToken, "the UsernameToken has no Username")
        }
        self.username = username
        if let nonceElement = element.firstChild("Nonce", wsse) {
            if let encoding = nonceElement.attribute("EncodingType"), encoding != WSSURI.base64Binary {
                throw WSSecurityError(.invalidSecurityToken, "unsupported Nonce encoding")
            }
            guard let data = Data(base64Encoded: nonceElement.trimmedText), !data.isEmpty, data.count <= 128 else {
                throw WSSecurityError(.invalidSecurityToken, "the UsernameToken Nonce is not valid Base64 of 1 to 128 bytes")
            }
            nonce = [UInt8](data)
        }
        if let createdElement = element.firstChild("Created", WSSNamespace.utility) {
            guard let created = XSDDateTime.parse(createdElement.text) else {
                throw WSSecurityError(.invalidSecurityToken, "the UsernameToken Created is not a valid dateTime")
            }
            self.created = created
            createdText = createdElement.trimmedText
        }
        if let passwordElement = element.firstChild("Password", wsse) {
            switch passwordElement.attribute("Type") ?? WSSURI.passwordText {
            case WSSURI.passwordText:
                password = .text(passwordElement.text)
            case WSSURI.passwordDigest:
                guard let digest = Data(base64Encoded: passwordElement.trimmedText), digest.count == 20,
                    nonce != nil, createdText != nil
                else {
                    throw WSSecurityError(.invalidSecurityToken, "a PasswordDigest needs a 20-byte digest, a Nonce and Created")
                }
                password = .digest([UInt8](digest))
            default:
                throw WSSecurityError(.unsupportedSecurityToken, "unsupported password type")
            }
        }
    }

    /// UsernameToken Profile 1.1 §4: Created within `skew` and `maxAge` of `now`, and each Nonce
    /// accepted once while fresh (recorded in `replayCache`). For a token whose sender is
    /// already authenticated (inside a WS-Trust OnBehalfOf of a trusted requestor); a token in
    /// a security header is recorded only once the message authenticated
    /// (``checkFreshness(now:skew:maxAge:)`` then ``recordNonce(now:skew:maxAge:replayCache:)``).
    public func checkFreshnessAndReplay(now: Date, skew: TimeInterval, maxAge: TimeInterval, replayCache: any ReplayCache) async throws {
        try checkFreshness(now: now, skew: skew, maxAge: maxAge)
        try await recordNonce(now: now, skew: skew, maxAge: maxAge, replayCache: replayCache)
    }

    /// Created within `skew` of `now` and no older than `maxAge` (UsernameToken Profile 1.1 §4).
    public func checkFreshness(now: Date, skew: TimeInterval, maxAge: TimeInterval) throws {
        guard let created else { return }
        guard created <= now.addingTimeInterval(skew) else {
            throw WSSecurityError(.invalidSecurityToken, "the UsernameToken is created in the future")
        }
        guard created.addingTimeInterval(maxAge + skew) >= now else {
            throw WSSecurityError(.messageExpired, "the UsernameToken has expired")
        }
    }

    /// Records the Nonce for as long as the token is acceptable: until `maxAge` and `skew`
    /// after its Created (never later than that after `now`); refuses a Nonce seen before.
    public func recordNonce(now: Date, skew: TimeInterval, maxAge: TimeInterval, replayCache: any ReplayCache) async throws {
        guard let entry = nonceEntry(now: now, skew: skew, maxAge: maxAge) else { return }
        guard try await replayCache.insertIfAbsent(entry.value, expiry: entry.expiry, now: now) else {
            throw Self.nonceReplayed
        }
    }

    /// The replay-cache entry of the Nonce, if any: recorded for as long as the token is
    /// acceptable (``recordNonce(now:skew:maxAge:replayCache:)``).
    func nonceEntry(now: Date, skew: TimeInterval, maxAge: TimeInterval) -> (value: [UInt8], expiry: Date)? {
        guard let nonce else { return nil }
        let start = min(created ?? now, now.addingTimeInterval(skew))
        return (Array("UT".utf8) + nonce, start.addingTimeInterval(maxAge + skew))
    }

    /// The refusal of a Nonce seen before.
    static let nonceReplayed = WSSecurityError(.failedAuthentication, "the UsernameToken nonce was already used")

    /// Appends the token to `parent`.
    @discardableResult
    public func write(into parent: XMLElement, before sibling: XMLElement? = nil, id: String? = nil) -> XMLElement {
        let wsse = WSSNamespace.secext, wsu = WSSNamespace.utility
        let element =
            sibling.map { parent.insertChild("UsernameToken", wsse, prefix: "wsse", before: $0) }
            ?? parent.addChild("UsernameToken", wsse, prefix: "wsse")
        if let id { element.setAttribute("Id", wsu, prefix: "wsu", value: id) }
        element.addChild("Username", wsse, prefix: "wsse").setText(username)
        switch password {
        case .text(let text):
            let passwordElement = element.addChild("Password", wsse, prefix: "wsse")
            passwordElement.setAttribute("Type", value: WSSURI.passwordText)
            passwordElement.setText(text)
        case .digest(let digest):
            let passwordElement = element.addChild("Password", wsse, prefix: "wsse")
            passwordElement.setAttribute("Type", value: WSSURI.passwordDigest)
            passwordElement.setText(Data(digest).base64EncodedString())
        case nil:
            break
        }
        if let nonce {
            let nonceElement = element.addChild("Nonce", wsse, prefix: "wsse")
            nonceElement.setAttribute("EncodingType", value: WSSURI.base64Binary)
            nonceElement.setText(Data(nonce).base64EncodedString())
        }
        if let createdText {
            element.addChild("Created", wsu, prefix: "wsu").setText(createdText)
        }
        return element
    }
}
