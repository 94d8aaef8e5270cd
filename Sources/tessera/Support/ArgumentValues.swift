import ArgumentParser
import Foundation
import SecurityCore
import SOAP
import WSSecurity
import XMLCore
import XMLSecurity

/// A part of a message named on the command line: `body`, `timestamp`, `addressing` (every
/// WS-Addressing header) or a header block in Clark notation, `{namespace}localName`.
enum MessagePart: Hashable, CustomStringConvertible {
    case body
    case timestamp
    case addressing
    case header(QName)

    init?(_ text: String) {
        switch text {
        case "body": self = .body
        case "timestamp": self = .timestamp
        case "addressing": self = .addressing
        default:
            guard text.hasPrefix("{"), let close = text.firstIndex(of: "}") else { return nil }
            let namespace = String(text[text.index(after: text.startIndex)..<close])
            let localName = String(text[text.index(after: close)...])
            guard !namespace.isEmpty, !localName.isEmpty, !localName.contains(":") else { return nil }
            self = .header(QName(namespace, localName))
        }
    }

    var description: String {
        switch self {
        case .body: "body"
        case .timestamp: "timestamp"
        case .addressing: "addressing"
        case .header(let name): "{\(name.namespace ?? "")}\(name.localName)"
        }
    }

    /// The elements this part names in `envelope`; `security` is the header holding the Timestamp.
    func elements(in envelope: SOAPEnvelope, security: XMLElement?) -> [XMLElement] {
        switch self {
        case .body:
            return [envelope.body]
        case .timestamp:
            return security?.children("Timestamp", WSSNamespace.utility) ?? []
        case .addressing:
            let namespaces = Set(WSAddressingVersion.allCases.map(\.namespace))
            return envelope.headerBlocks.filter { $0.namespaceURI.map(namespaces.contains) ?? false }
        case .header(let name):
            return envelope.headerBlocks.filter { $0.name == name }
        }
    }

    var outboundPart: SecurityHeaderBuilder.Part {
        switch self {
        case .body: .body
        case .timestamp: .timestamp
        case .addressing: .addressingHeaders
        case .header(let name): .header(name)
        }
    }

    var policyPart: SecurityPolicy.Part {
        switch self {
        case .body: .body
        case .timestamp: .timestamp
        case .addressing: .addressingHeaders
        case .header(let name): .header(name)
        }
    }
}

/// A comma-separated list of message parts (`body,timestamp`); `none` is the empty list.
/// Commas inside `{namespace}` do not split.
struct PartList: ExpressibleByArgument {
    var parts: [MessagePart]

    init(_ parts: [MessagePart]) {
        self.parts = parts
    }

    init?(argument: String) {
        if argument == "none" {
            parts = []
            return
        }
        var items: [String] = []
        var current = ""
        var inNamespace = false
        for character in argument {
            if character == "{" { inNamespace = true }
            if character == "}" { inNamespace = false }
            if character == ",", !inNamespace {
                items.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        items.append(current)
        var parts: [MessagePart] = []
        for item in items {
            guard let part = MessagePart(item.trimmingCharacters(in: .whitespaces)) else { return nil }
            if !parts.contains(part) { parts.append(part) }
        }
        self.parts = parts
    }

    var defaultValueDescription: String {
        parts.isEmpty ? "none" : parts.map(\.description).joined(separator: ",")
    }
}

/// How a signature or EncryptedKey names the certificate (`--key-reference`).
enum KeyReferenceChoice: String, CaseIterable, ExpressibleByArgument {
    case bst
    case ski
    case thumbprint
    case issuerSerial = "issuer-serial"

    var form: KeyReferenceForm {
        switch self {
        case .bst: .binarySecurityToken
        case .ski: .subjectKeyIdentifier
        case .thumbprint: .thumbprintSHA1
        case .issuerSerial: .issuerSerial
        }
    }
}

/// The signature algorithms `tessera sign` offers.
enum SignatureAlgorithmChoice: String, CaseIterable, ExpressibleByArgument {
    case rsaSHA256 = "rsa-sha256"
    case rsaSHA512 = "rsa-sha512"
    case rsaSHA1 = "rsa-sha1"
    case ecdsaSHA256 = "ecdsa-sha256"

    var algorithm: SignatureAlgorithm {
        switch self {
        case .rsaSHA256: .rsaSHA256
        case .rsaSHA512: .rsaSHA512
        case .rsaSHA1: .rsaSHA1
        case .ecdsaSHA256: .ecdsaSHA256
        }
    }
}

/// Reference digests (`--digest`).
enum DigestChoice: String, CaseIterable, ExpressibleByArgument {
    case sha256
    case sha512
    case sha1

    var method: DigestMethod {
        switch self {
        case .sha256: .sha256
        case .sha512: .sha512
        case .sha1: .sha1
        }
    }
}

/// Content encryption algorithms (`tessera encrypt --algorithm`).
enum BlockAlgorithmChoice: String, CaseIterable, ExpressibleByArgument {
    case aes128CBC = "aes128-cbc"
    case aes256CBC = "aes256-cbc"
    case aes128GCM = "aes128-gcm"
    case aes256GCM = "aes256-gcm"

    var algorithm: BlockEncryptionAlgorithm {
        switch self {
        case .aes128CBC: .aes128CBC
        case .aes256CBC: .aes256CBC
        case .aes128GCM: .aes128GCM
        case .aes256GCM: .aes256GCM
        }
    }
}

/// Key transport algorithms (`--key-transport`).
enum KeyTransportChoice: String, CaseIterable, ExpressibleByArgument {
    case rsaOAEP = "rsa-oaep"
    case rsaOAEPSHA256 = "rsa-oaep-sha256"

    var algorithm: KeyTransportAlgorithm {
        switch self {
        case .rsaOAEP: .rsaOAEPSHA1
        case .rsaOAEPSHA256: .rsaOAEPSHA256
        }
    }
}

/// A number of seconds, or `none`.
struct Seconds: ExpressibleByArgument {
    var value: TimeInterval?

    init(_ value: TimeInterval?) {
        self.value = value
    }

    init?(argument: String) {
        if argument == "none" {
            value = nil
        } else if let seconds = TimeInterval(argument), seconds.isFinite, seconds >= 0 {
            value = seconds
        } else {
            return nil
        }
    }

    var defaultValueDescription: String {
        value.map { $0 == $0.rounded() ? String(Int($0)) : String($0) } ?? "none"
    }
}

/// An instant in ISO 8601 (`2025-06-01T12:00:00Z`).
struct Instant: ExpressibleByArgument {
    var date: Date

    init?(argument: String) {
        guard let date = XSDDateTime.parse(argument) else { return nil }
        self.date = date
    }
}

extension SignatureAlgorithm {
    /// The fragment of the algorithm URI: `rsa-sha256`, `hmac-sha1`.
    var shortName: String { uri.split(separator: "#").last.map(String.init) ?? uri }
}

extension BlockEncryptionAlgorithm {
    /// `aes256-gcm`.
    var shortName: String { uri.split(separator: "#").last.map(String.init) ?? uri }
}
