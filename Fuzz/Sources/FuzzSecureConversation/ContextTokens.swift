import FuzzSupport
import SecureConversation
import SOAP
import WSSecurity
import XMLCore

/// The generated seed inputs: DerivedKeyTokens of each form and SecurityContextTokens, in both
/// namespaces, written by the models themselves into a `wsse:Security` header.
enum ContextTokens {
    static func all() throws -> [(name: String, bytes: [UInt8])] {
        var seeds: [(name: String, bytes: [UInt8])] = []
        let nonce = Array(repeating: UInt8(0x42), count: 16)
        for version in SecureConversationVersion.allCases {
            let tag = version == .v13 ? "13" : "200502"
            let identifier = "urn:uuid:7d6f5c1e-0000-4000-8000-000000000001"
            let contextReference = SecurityTokenReference.Form.reference(uri: identifier, valueType: version.namespace + "/sct")
            let tokens: [(String, (XMLElement) -> Void)] = [
                ("sct", { SecurityContextToken(version: version, identifier: identifier, id: "sct-1").write(into: $0) }),
                ("sct-instance", { SecurityContextToken(version: version, identifier: identifier, instance: "urn:uuid:instance-2").write(into: $0) }),
                ("sct-cookie", { SecurityContextToken(version: version, identifier: identifier, cookie: Array(0..<48)).write(into: $0) }),
                ("dkt-offset", {
                    DerivedKeyToken(version: version, id: "dk-1", reference: contextReference, position: .offset(16), length: 32, nonce: nonce).write(into: $0)
                }),
                ("dkt-generation", {
                    DerivedKeyToken(version: version, id: "dk-2", reference: .reference(uri: "#sct-1", valueType: nil),
                                    position: .generation(3), length: 24, label: "WS-SecureConversation", nonce: nonce).write(into: $0)
                }),
                ("dkt-properties", {
                    var token = DerivedKeyToken(version: version, id: nil, reference: nil, length: nil, nonce: nonce)
                    token.algorithm = version.pSHA1Algorithm
                    token.properties = .init(name: "urn:name", label: "label", nonce: nonce)
                    token.write(into: $0)
                }),
                ("dkt-encrypted-key", {
                    DerivedKeyToken(version: version, id: "dk-3",
                                    reference: .keyIdentifier(valueType: WSSURI.encryptedKeySHA1, value: Array(0..<20), text: ""),
                                    length: 16, nonce: nonce).write(into: $0)
                }),
            ]
            for (name, write) in tokens {
                let document = XMLDocument(rootLocalName: "Security", namespace: WSSNamespace.secext, prefix: "wsse")
                write(document.root)
                seeds.append(("\(name)-\(tag).xml", document.serialize()))
            }
        }
        return seeds
    }
}
