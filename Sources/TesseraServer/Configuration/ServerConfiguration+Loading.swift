import Foundation
import Yams

extension ServerConfiguration: YAMLConfigurationFile {}

extension ConfigurationError {
    /// Decodes `type` from YAML text, turning YAML syntax errors (with line and column) and
    /// unknown, missing or mistyped fields into a configuration error naming the field.
    ///
    /// - Throws: ``ConfigurationError``.
    public static func decodeYAML<T: Decodable>(_ type: T.Type, from text: String) throws(ConfigurationError) -> T {
        do {
            return try YAMLDecoder().decode(T.self, from: text)
        } catch let error as DecodingError {
            throw configurationError(error)
        } catch let error as YamlError {
            throw ConfigurationError(field: "", describe(error))
        } catch {
            throw ConfigurationError(field: "", "the file is not a valid configuration")
        }
    }

    private static func configurationError(_ error: DecodingError) -> ConfigurationError {
        switch error {
        case .keyNotFound(let key, let context):
            return ConfigurationError(field: FieldPath(codingPath: context.codingPath + [key]).description, "missing (required)")
        case .typeMismatch(let type, let context):
            return ConfigurationError(field: FieldPath(codingPath: context.codingPath).description, "expected \(describe(type))")
        case .valueNotFound(let type, let context):
            if context.codingPath.isEmpty { return ConfigurationError(field: "", "the file is empty") }
            return ConfigurationError(field: FieldPath(codingPath: context.codingPath).description, "expected \(describe(type)), found nothing")
        case .dataCorrupted(let context):
            if let yaml = context.underlyingError as? YamlError { return ConfigurationError(field: "", describe(yaml)) }
            return ConfigurationError(field: FieldPath(codingPath: context.codingPath).description, context.debugDescription)
        @unknown default:
            return ConfigurationError(field: "", "the file is not a valid configuration")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type: "a whole number"
        case is Bool.Type: "true or false"
        case is String.Type: "text"
        case is [Any].Type: "a list"
        default: "a mapping of fields"
        }
    }

    private static func describe(_ error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            "YAML syntax error at line \(mark.line), column \(mark.column): \(problem)"
        case .duplicatedKeysInMapping(let duplicates, let context):
            "duplicate key \(duplicates.sorted().joined(separator: ", ")) near line \(context.mark.line)"
        default:
            "the file is not valid YAML"
        }
    }
}
