/// A coding key for any string: used to list every key a mapping actually holds.
struct AnyCodingKey: CodingKey {
    let stringValue: String
    let intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
        intValue = nil
    }

    init(intValue: Int) {
        stringValue = String(intValue)
        self.intValue = intValue
    }
}

extension Decoder {
    /// The keyed container for `keys`, refusing a mapping that holds any other key: a
    /// misspelled field (`mayDelgate`) must not be silently ignored and leave a default in force.
    public func strictContainer<Key: CodingKey>(keyedBy keys: Key.Type) throws -> KeyedDecodingContainer<Key> {
        let everything = try container(keyedBy: AnyCodingKey.self)
        for key in everything.allKeys where Key(stringValue: key.stringValue) == nil {
            throw DecodingError.dataCorruptedError(forKey: key, in: everything, debugDescription: "unknown field")
        }
        return try container(keyedBy: keys)
    }
}
