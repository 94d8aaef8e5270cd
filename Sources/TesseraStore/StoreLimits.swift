import Foundation
import StoreProtocols

/// Bounds on what a store accepts, checked before anything is written. The parsers above keep
/// far smaller limits; these stop a bug from filling the database with one row.
public enum StoreLimits {
    /// Longest token id, context identifier or context instance, in UTF-8 bytes.
    public static let maximumIdentifierBytes = 1024
    /// Longest free-text field (subject, requestor, AppliesTo, relying party, token type, owner),
    /// in UTF-8 bytes.
    public static let maximumTextBytes = 8192
    /// Longest security-context secret, in bytes (WS-SC keys are 16 to 64 bytes).
    public static let maximumSecretBytes = 1024
    /// Most claims a security context may carry after Amend (WS-SC 1.3 §7).
    public static let maximumContextClaims = 32
}

extension StoreLimits {
    static func check(identifier: String, _ field: String) throws {
        guard !identifier.isEmpty else { throw StoreError(.invalidRecord, "\(field) is empty") }
        guard identifier.utf8.count <= maximumIdentifierBytes else {
            throw StoreError(.invalidRecord, "\(field) is longer than \(maximumIdentifierBytes) bytes")
        }
    }

    static func check(text: String?, _ field: String) throws {
        guard let text, text.utf8.count > maximumTextBytes else { return }
        throw StoreError(.invalidRecord, "\(field) is longer than \(maximumTextBytes) bytes")
    }

    static func check(_ record: IssuedTokenRecord) throws {
        try check(identifier: record.id, "token id")
        if let renewedFrom = record.renewedFrom { try check(identifier: renewedFrom, "renewedFrom") }
        try check(text: record.tokenType, "token type")
        try check(text: record.subject, "subject")
        try check(text: record.requestor, "requestor")
        try check(text: record.appliesTo, "AppliesTo")
        try check(text: record.relyingParty, "relying party")
    }

    static func check(_ record: SecurityContextRecord) throws {
        try check(identifier: record.identifier, "context identifier")
        if let instance = record.instance { try check(identifier: instance, "context instance") }
        try check(text: record.owner, "owner")
        if let appliesTo = record.appliesTo { try check(text: appliesTo, "context AppliesTo") }
        guard record.claims.count <= maximumContextClaims else {
            throw StoreError(.invalidRecord, "a context carries at most \(maximumContextClaims) claims")
        }
        for claim in record.claims { try check(text: claim, "claim") }
        if let assertion = record.bootstrapAssertion {
            try check(text: assertion.issuer, "bootstrap assertion issuer")
            try check(identifier: assertion.id, "bootstrap assertion id")
        }
        guard !record.secret.isEmpty, record.secret.count <= maximumSecretBytes else {
            throw StoreError(.invalidRecord, "a context secret is 1 to \(maximumSecretBytes) bytes")
        }
    }
}
