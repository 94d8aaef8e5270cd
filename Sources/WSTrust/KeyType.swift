import Foundation
import XMLCore

/// The kind of proof key a requestor asks for (WS-Trust 1.3 §4.4.1).
public enum KeyType: Hashable, Sendable {
    /// No proof key: the token is a bearer token.
    case bearer
    /// A symmetric proof key, from client and/or server entropy.
    case symmetricKey
    /// A public key the requestor proves it holds (UseKey).
    case publicKey

    /// The February 2005 identity namespace's "no proof key", used by ADFS-era clients for bearer.
    public static let noProofKey2005 = "http://schemas.xmlsoap.org/ws/2005/05/identity/NoProofKey"

    /// Reads a KeyType URI in either version's namespace.
    public init?(uri: String) {
        let trimmed = uri.trimmingXMLWhitespace()
        if trimmed == Self.noProofKey2005 { self = .bearer; return }
        for version in WSTrustVersion.allCases {
            switch trimmed {
            case version.namespace + "/Bearer": self = .bearer; return
            case version.namespace + "/SymmetricKey": self = .symmetricKey; return
            case version.namespace + "/PublicKey": self = .publicKey; return
            default: continue
            }
        }
        return nil
    }

    /// The URI in `version` (2005/02 has no Bearer URI: it uses the identity NoProofKey).
    public func uri(_ version: WSTrustVersion) -> String {
        switch (self, version) {
        case (.bearer, .v200502): Self.noProofKey2005
        case (.bearer, .v13): version.namespace + "/Bearer"
        case (.symmetricKey, _): version.namespace + "/SymmetricKey"
        case (.publicKey, _): version.namespace + "/PublicKey"
        }
    }
}
