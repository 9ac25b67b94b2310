import Foundation

/// The `--json` output of every listing command: sorted keys, slashes unescaped, the API's field names.
enum CLIOutput {
    /// `value` as JSON text; `pretty` for documents meant to be read (registry entries).
    static func json(_ value: some Encodable, pretty: Bool = false) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        if pretty { encoder.outputFormatting.insert(.prettyPrinted) }
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
