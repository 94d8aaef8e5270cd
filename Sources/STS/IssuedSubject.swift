public import Foundation

/// Who a token is issued for, after authentication, delegation and identity mapping.
public struct IssuedSubject: Sendable, Hashable {
    /// How the subject was authenticated, written into the token's authentication statement.
    public enum Authentication: Sendable, Hashable {
        case password, x509, unspecified
    }

    public var name: String
    /// NameQualifier of the NameID ("STS" in the token-transformation scenario).
    public var nameQualifier: String?
    public var authentication: Authentication
    public var authenticationInstant: Date
    /// Attributes to state, by name, in the order given.
    public var attributes: [(name: String, values: [String])]
    /// The party acting on the subject's behalf (ActAs), recorded in the token.
    public var actor: String?
    /// Earlier delegates the ActAs token already recorded, oldest first; the token's
    /// delegation chain is these followed by ``actor``.
    public var priorDelegates: [String] = []

    public init(
        name: String, nameQualifier: String? = nil, authentication: Authentication = .unspecified,
        authenticationInstant: Date, attributes: [(name: String, values: [String])] = [], actor: String? = nil
    ) {
        self.name = name
        self.nameQualifier = nameQualifier
        self.authentication = authentication
        self.authenticationInstant = authenticationInstant
        self.attributes = attributes
        self.actor = actor
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.name == rhs.name && lhs.nameQualifier == rhs.nameQualifier && lhs.authentication == rhs.authentication
            && lhs.authenticationInstant == rhs.authenticationInstant && lhs.actor == rhs.actor && lhs.priorDelegates == rhs.priorDelegates
            && lhs.attributes.map(\.name) == rhs.attributes.map(\.name) && lhs.attributes.map(\.values) == rhs.attributes.map(\.values)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(actor)
    }
}
