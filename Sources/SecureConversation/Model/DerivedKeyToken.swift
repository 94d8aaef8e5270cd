import Foundation
import SOAP
import TesseraCrypto
public import WSSecurity
import XMLCore

/// `wsc:DerivedKeyToken` (WS-SC 1.3 §7, 2005/02 §8): a key derived with P_SHA1 from the key of
/// another token (a security context, an EncryptedKey) that the SecurityTokenReference names,
/// from a label and a nonce, at an offset (given directly or as a generation) and of a length.
///
/// Reading enforces ``Limits`` on everything that comes from the wire: no stack bounds these,
/// and the derivation work grows with offset + length.
public struct DerivedKeyToken {
    /// Where in the P_SHA1 output the key starts (WS-SC 1.3 §7.3: Offset and Generation are
    /// mutually exclusive; a generation is `generation × length` bytes in).
    public enum Position: Hashable, Sendable {
        case offset(Int)
        case generation(Int)
    }

    /// `wsc:Properties` (WS-SC 1.3 §7.3): a name for the key and default label and nonce for
    /// keys derived from it.
    public struct Properties: Hashable, Sendable {
        public var name: String?
        public var label: String?
        public var nonce: [UInt8]?

        public init(name: String? = nil, label: String? = nil, nonce: [UInt8]? = nil) {
            self.name = name
            self.label = label
            self.nonce = nonce
        }
    }

    /// Bounds on incoming tokens, named so the negative tests and reviewers find them.
    public enum Limits {
        /// Shortest derived key accepted: 128 bits, the smallest key of the WS-SecurityPolicy 1.2
        /// §6.1 suites (`PSha1L128`, AES-128) and the floor for any HMAC key. A shorter key can be
        /// guessed without the context's secret (a one-byte key is one of 256 values).
        public static let minimumLength = HMACFunction.minimumKeyByteCount
        /// Longest derived key accepted: 64 bytes covers every HMAC and AES key of the
        /// WS-SecurityPolicy suites (at most 32) with room to spare.
        public static let maximumLength = 64
        /// Largest start of the key in the P_SHA1 stream (explicit Offset, or Generation × Length).
        public static let maximumOffset = 1024
        /// Largest Generation accepted (before the offset check above).
        public static let maximumGeneration = 1024
        /// Shortest and longest Nonce accepted: 16 bytes is what WCF, WSS4J and Metro send.
        public static let minimumNonceBytes = 16
        public static let maximumNonceBytes = 128
        /// Longest Label accepted, in UTF-8 bytes (the default label is 42).
        public static let maximumLabelBytes = 128
        /// Longest Properties/Name accepted.
        public static let maximumNameBytes = 1024
    }

    /// The label used when a token gives none (WS-SC 1.3 §7.3): the string twice.
    public static let defaultLabel = "WS-SecureConversationWS-SecureConversation"
    /// The length used when a token gives none (WS-SC 1.3 §7.3), in bytes.
    public static let defaultLength = 32

    /// The WS-SC namespace the token is in.
    public var version: SecureConversationVersion
    /// The token's `wsu:Id`.
    public var id: String?
    /// The Algorithm attribute; nil is the version's P_SHA1.
    public var algorithm: String?
    /// The SecurityTokenReference to the key this one is derived from (nil: the context the
    /// message is otherwise secured with, which this library does not assume).
    public var reference: SecurityTokenReference.Form?
    /// `wsc:Properties`, when given.
    public var properties: Properties?
    /// Offset or Generation; nil means offset 0.
    public var position: Position?
    /// The Length element's value; nil means ``defaultLength``.
    public var length: Int?
    /// The Label element's value; nil means ``defaultLabel`` (or the Properties' label).
    public var label: String?
    /// The Nonce element's value (decoded).
    public var nonce: [UInt8]?

    /// A token with the given parts; ``algorithm`` and ``properties`` are set separately.
    public init(
        version: SecureConversationVersion, id: String?, reference: SecurityTokenReference.Form?,
        position: Position? = nil, length: Int?, label: String? = nil, nonce: [UInt8]?
    ) {
        self.version = version
        self.id = id
        self.reference = reference
        self.position = position
        self.length = length
        self.label = label
        self.nonce = nonce
    }

    /// The key length in bytes.
    public var effectiveLength: Int { length ?? Self.defaultLength }

    /// Where the key starts in the P_SHA1 output, in bytes.
    public var effectiveOffset: Int {
        switch position {
        case .offset(let offset): offset
        case .generation(let generation): generation * effectiveLength
        case nil: 0
        }
    }

    /// The label's bytes (the token's, else its Properties', else the default).
    public var effectiveLabel: [UInt8] { Array((label ?? properties?.label ?? Self.defaultLabel).utf8) }

    /// The nonce (the token's, else its Properties').
    public var effectiveNonce: [UInt8]? { nonce ?? properties?.nonce }
}
