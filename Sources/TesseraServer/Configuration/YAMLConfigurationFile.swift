import Foundation

/// A configuration read from a YAML file (`tessera serve`'s, `tessera gateway`'s): decoded
/// with strict keys, its relative paths resolved against the file's directory, validated as a
/// whole before use.
public protocol YAMLConfigurationFile: Decodable {
    /// The directory relative paths are resolved against; not part of the file.
    var baseDirectory: String { get set }
    /// Checks the fields together; throws naming every faulty one.
    func validate() throws(ConfigurationError)
}

extension YAMLConfigurationFile {
    /// Reads, decodes and validates the YAML file at `path`. Relative paths inside it are
    /// resolved against the file's directory.
    ///
    /// - Throws: ``ConfigurationError`` naming the file and every faulty field: YAML syntax
    ///   (with line and column), unknown or missing fields, wrong types, invalid values.
    public static func load(file path: String) throws(ConfigurationError) -> Self {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigurationError(file: path, field: "", "the file cannot be read as UTF-8 text")
        }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        do {
            return try Self(yaml: text, baseDirectory: directory)
        } catch {
            throw error.inFile(path)
        }
    }

    /// Decodes and validates a configuration from YAML text.
    ///
    /// - Throws: ``ConfigurationError``.
    public init(yaml text: String, baseDirectory: String) throws(ConfigurationError) {
        self = try ConfigurationError.decodeYAML(Self.self, from: text)
        self.baseDirectory = baseDirectory
        try validate()
    }
}
