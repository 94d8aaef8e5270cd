public import XMLCore
import SAML
import SOAP

/// The IDs by which a signature's same-document references (XML-DSig §4.4.3.3: a bare-name
/// `#id`) name the elements it signs, for every signer in a message: the security header
/// builder and the secure-conversation message protector. A receiver resolving `#id` must find
/// the element that was digested, whatever IDs the message already carried.
public enum SignedElementID {
    /// The ID `element` already carries (`wsu:Id`, `Id`, SAML 2.0's `ID` or SAML 1.1's
    /// `AssertionID`, the attributes ``XMLCore/IDIndex`` indexes), or nil.
    ///
    /// - Throws: when that ID is not an NCName: `#` and it would not be a bare-name reference
    ///   but could read as an XPointer expression.
    public static func existing(of element: XMLElement) throws -> String? {
        // The Body and the header blocks a signer signs mostly have no attributes: nothing to look up.
        guard element.mayHaveAttributes,
            let existing = element.attribute("Id", WSSNamespace.utility) ?? element.attribute("Id") ?? element.attribute("ID")
                ?? element.attribute("AssertionID")
        else { return nil }
        guard SAMLIdentifier.isValid(existing) else {
            throw WSSecurityError(.invalidSecurity, "an element to sign has an ID that is not an XML name")
        }
        return existing
    }

    /// Checks, once every target has its ID, that no ID of `document` occurs twice and that
    /// `ids[i]` selects `targets[i]`.
    public static func checkSelected(_ ids: [String], _ targets: [XMLElement], in document: XMLDocument) throws {
        let index = try IDIndex(document)
        for (id, target) in zip(ids, targets) where try index.element(withID: id) != target {
            throw WSSecurityError(.invalidSecurity, "the ID \(id) selects another element than the one signed")
        }
    }
}
