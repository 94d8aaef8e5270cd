import Foundation
import SecurityCore

/// SAML time values (SAML 2.0 core §1.3.3, SAML 1.1 core §1.3.3): `xs:dateTime` in UTC with a
/// `Z`. Written without fractions when the instant is a whole second, else to the millisecond
/// (finer resolution SHOULD NOT be relied upon).
enum SAMLTime {
    static func format(_ date: Date) -> String {
        let wholeSeconds = date.timeIntervalSince1970.rounded(.down)
        return XSDDateTime.format(date, milliseconds: date.timeIntervalSince1970 != wholeSeconds)
    }

    static func parse(_ text: String, attribute: String) throws -> Date {
        guard let date = XSDDateTime.parse(text) else {
            throw SAMLError(.malformed, "\(attribute) is not a valid dateTime")
        }
        return date
    }
}
