import HiveKeepCore

/// A coding key for any member name: used to keep the members of a registry entry that HiveKeep does not model.
struct DynamicCodingKey: CodingKey, Hashable {
    var stringValue: String
    var intValue: Int? { nil }

    init(_ string: String) { self.stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// Reads and writes the members of an object that its type does not model, so that they survive a round trip.
enum UnknownFields {
    /// The members of the object in `decoder` whose names are not in `known`.
    static func decode(from decoder: any Decoder, known: Set<String>) throws -> [String: JSONValue] {
        let container = try decoder.container(keyedBy: DynamicCodingKey.self)
        var extra: [String: JSONValue] = [:]
        for key in container.allKeys where !known.contains(key.stringValue) {
            extra[key.stringValue] = try container.decode(JSONValue.self, forKey: key)
        }
        return extra
    }

    /// Writes `extra` into the object being encoded.
    static func encode(_ extra: [String: JSONValue], to encoder: any Encoder) throws {
        guard !extra.isEmpty else { return }
        var container = encoder.container(keyedBy: DynamicCodingKey.self)
        for (name, value) in extra {
            try container.encode(value, forKey: DynamicCodingKey(name))
        }
    }
}
