import SecurityCore
import SOAP
import TesseraCrypto
import WSSecurity
import WSTrust
import X509
import XMLCore
import XMLSecurity

/// Finds the key a `wst:UseKey` names among the keys that signed the request (WS-Trust 1.3 §9.2:
/// the requestor must prove possession of the key it asks to be bound to the token).
///
/// Accepted forms: `ds:KeyInfo` (KeyValue, X509Data with a certificate, issuer/serial or SKI, or a
/// SecurityTokenReference), a bare `ds:KeyValue`, a `wsse:BinarySecurityToken` (X509v3), and a
/// `wsse:SecurityTokenReference` (same-document `#id` reference to a BinarySecurityToken, SKI or
/// ThumbprintSHA1 KeyIdentifier, issuer/serial, Embedded). The named key must be one of the proven
/// keys, otherwise `wst:FailedAuthentication`; a form we cannot read is `wst:InvalidRequest`.
enum UseKeyResolution {
    /// What a UseKey names: a key (a certificate it carries counts for its key only), or a
    /// certificate to be found among the proven keys by a reference.
    private enum Named {
        case key(PublicKey)
        case certificateMatching((Certificate) -> Bool)
    }

    /// Smallest RSA proof key accepted (the size XMLSecurity verifies signatures with).
    static let minimumRSABits = 2048

    static func provenKey(named useKey: XMLElement, among provenKeys: [RequestorKeyFacts.ProvenKey]) throws -> RequestorKeyFacts.ProvenKey {
        let named = try name(of: useKey)
        let found: RequestorKeyFacts.ProvenKey?
        switch named {
        case .key(let key):
            // The certificate bound is the one the signature was verified with, never one the
            // UseKey carries: that certificate's names were checked by nobody.
            let der = key.subjectPublicKeyInfoDER
            found = provenKeys.first { $0.publicKey.subjectPublicKeyInfoDER == der }
        case .certificateMatching(let matches):
            found = provenKeys.first { $0.certificate.map(matches) ?? false }
        }
        guard let found else {
            throw WSTrustError(.failedAuthentication, "the UseKey key did not sign the request")
        }
        if case .rsa(let bits) = found.publicKey.keyType, bits < minimumRSABits {
            throw WSTrustError(.invalidRequest, "RSA proof keys must have at least \(minimumRSABits) bits")
        }
        return found
    }

    private static func name(of element: XMLElement) throws -> Named {
        let ds = XMLSecurityNamespace.ds
        switch (element.namespaceURI, element.localName) {
        case (ds, "KeyInfo"):
            return try name(inKeyInfo: element)
        case (ds, "KeyValue"):
            let scratch = XMLDocument(rootLocalName: "KeyInfo", namespace: ds, prefix: "ds")
            scratch.root.addCopy(of: element)
            return try name(inKeyInfo: scratch.root)
        case (WSSNamespace.secext, "BinarySecurityToken"):
            return try certificateKey(inBinarySecurityToken: element)
        case (WSSNamespace.secext, "SecurityTokenReference"):
            return try name(referencedBy: element)
        default:
            throw WSTrustError(.invalidRequest, "unsupported UseKey content \(element.localName)")
        }
    }

    private static func name(inKeyInfo element: XMLElement) throws -> Named {
        let keyInfo: KeyInfo
        do {
            keyInfo = try KeyInfo(element)
        } catch {
            throw WSTrustError(.invalidRequest, "the UseKey KeyInfo is malformed")
        }
        for item in keyInfo.items {
            switch item {
            case .keyValue(let key):
                return .key(key)
            case .x509Data(let data):
                if let der = data.certificates.first {
                    return try certificateKey(der: der)
                }
                if let (issuer, serial) = data.issuerSerials.first {
                    return .certificateMatching { $0.matches(issuerName: issuer, serialNumber: serial) }
                }
                if let ski = data.subjectKeyIdentifiers.first {
                    return .certificateMatching { $0.subjectKeyIdentifierBytes == ski }
                }
            case .securityTokenReference(let reference):
                return try name(referencedBy: reference)
            default:
                continue
            }
        }
        throw WSTrustError(.invalidRequest, "the UseKey KeyInfo names no supported key")
    }

    private static func name(referencedBy element: XMLElement) throws -> Named {
        let reference: SecurityTokenReference
        do {
            reference = try SecurityTokenReference(element: element)
        } catch {
            throw WSTrustError(.invalidRequest, "the UseKey SecurityTokenReference is malformed")
        }
        switch reference.form {
        case .reference(let uri, _):
            guard uri.hasPrefix("#"), uri.count > 1 else {
                throw WSTrustError(.invalidRequest, "a UseKey reference must point into the message")
            }
            let index: IDIndex
            do {
                index = try IDIndex(element.document)
            } catch {
                throw WSTrustError(.invalidRequest, "the request carries a duplicated ID")
            }
            guard let token = index[String(uri.dropFirst())], token.is("BinarySecurityToken", WSSNamespace.secext) else {
                throw WSTrustError(.invalidRequest, "the UseKey reference does not name a BinarySecurityToken in the message")
            }
            return try certificateKey(inBinarySecurityToken: token)
        case .keyIdentifier(let valueType, let value, _):
            switch valueType {
            case WSSURI.x509SubjectKeyIdentifier:
                return .certificateMatching { $0.subjectKeyIdentifierBytes == value }
            case WSSURI.thumbprintSHA1:
                return .certificateMatching { (try? $0.thumbprintSHA1) == value }
            default:
                throw WSTrustError(.invalidRequest, "unsupported UseKey KeyIdentifier")
            }
        case .issuerSerial(let issuer, let serial):
            return .certificateMatching { $0.matches(issuerName: issuer, serialNumber: serial) }
        case .embedded(let token):
            guard token.is("BinarySecurityToken", WSSNamespace.secext) else {
                throw WSTrustError(.invalidRequest, "unsupported embedded UseKey token")
            }
            return try certificateKey(inBinarySecurityToken: token)
        }
    }

    private static func certificateKey(inBinarySecurityToken element: XMLElement) throws -> Named {
        let token: BinarySecurityToken
        do {
            token = try BinarySecurityToken(element: element)
        } catch {
            throw WSTrustError(.invalidRequest, "the UseKey BinarySecurityToken does not hold a certificate")
        }
        return try certificateKey(token.leaf)
    }

    private static func certificateKey(der: [UInt8]) throws -> Named {
        do {
            return try certificateKey(try Certificate(derEncoded: der))
        } catch let error as WSTrustError {
            throw error
        } catch {
            throw WSTrustError(.invalidRequest, "the UseKey certificate is not valid")
        }
    }

    private static func certificateKey(_ certificate: Certificate) throws -> Named {
        do {
            return .key(try PublicKey(certificate: certificate))
        } catch {
            throw WSTrustError(.invalidRequest, "the UseKey certificate's key is not supported")
        }
    }
}
