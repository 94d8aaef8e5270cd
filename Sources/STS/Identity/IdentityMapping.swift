import Foundation
import WSTrust

/// Maps identities from one realm into the names and attributes relying parties expect (the
/// "identity mapping" operation of a token service): rename the subject by exact name or by prefix
/// or suffix replacement, rename attributes, add attributes. No regular expressions.
///
/// Rules are tried in order; the first whose ``Rule/realm`` matches the identity's realm (or
/// that names no realm) applies, and no other. An identity no rule matches is issued as it is.
public struct IdentityMapping: Sendable, Hashable {
    /// How a subject name is rewritten.
    public enum NameRewrite: Sendable, Hashable {
        /// `from` exactly (case-sensitive) becomes `to`.
        case exact(String, to: String)
        /// A name starting with `prefix` has it replaced by `replacement` (`DOMAIN\` → ``).
        case replacePrefix(String, with: String)
        /// A name ending with `suffix` has it replaced by `replacement` (`@corp.example` →
        /// `@partner.example`).
        case replaceSuffix(String, with: String)

        /// The rewritten name, or nil when this rewrite does not apply to `name`.
        public func apply(to name: String) -> String? {
            switch self {
            case .exact(let from, let to):
                return name == from ? to : nil
            case .replacePrefix(let prefix, let replacement):
                guard !prefix.isEmpty, name.hasPrefix(prefix) else { return nil }
                return replacement + name.dropFirst(prefix.count)
            case .replaceSuffix(let suffix, let replacement):
                guard !suffix.isEmpty, name.hasSuffix(suffix) else { return nil }
                return name.dropLast(suffix.count) + replacement
            }
        }
    }

    /// What happens to identities of one realm.
    public struct Rule: Sendable, Hashable {
        /// The source realm (SAML issuer, requestor realm, user-directory realm, X.509 issuer
        /// name), compared exactly; nil matches every realm.
        public var realm: String?
        /// Subject rewrites; the first that applies is used, and the name is kept when none does.
        public var names: [NameRewrite]
        /// Attribute renames, old name → new name; values of attributes that end up with the
        /// same name are merged in order.
        public var attributeNames: [String: String]
        /// Attributes added after renaming (values merged into an existing attribute of that name).
        public var addedAttributes: [IdentityAttribute]

        public init(
            realm: String?, names: [NameRewrite] = [], attributeNames: [String: String] = [:],
            addedAttributes: [IdentityAttribute] = []
        ) {
            self.realm = realm
            self.names = names
            self.attributeNames = attributeNames
            self.addedAttributes = addedAttributes
        }
    }

    public var rules: [Rule]

    public init(rules: [Rule] = []) {
        self.rules = rules
    }

    /// The identity as relying parties see it. Throws `wst:RequestFailed` when a rewrite
    /// leaves an empty name.
    public func map(_ identity: AuthenticatedIdentity) throws -> AuthenticatedIdentity {
        guard let rule = rules.first(where: { $0.realm == nil || $0.realm == identity.realm }) else { return identity }
        var mapped = identity
        if let name = rule.names.lazy.compactMap({ $0.apply(to: identity.name) }).first {
            guard !name.isEmpty else { throw WSTrustError(.requestFailed, "the identity could not be mapped") }
            mapped.name = name
        }
        var attributes: [IdentityAttribute] = []
        func merge(_ attribute: IdentityAttribute) {
            if let index = attributes.firstIndex(where: { $0.name == attribute.name }) {
                attributes[index].values += attribute.values
            } else {
                attributes.append(attribute)
            }
        }
        for attribute in identity.attributes {
            merge(IdentityAttribute(name: rule.attributeNames[attribute.name] ?? attribute.name, values: attribute.values))
        }
        rule.addedAttributes.forEach(merge)
        mapped.attributes = attributes
        return mapped
    }
}
