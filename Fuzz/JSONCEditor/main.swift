// libFuzzer target: the JSONC editor that writes MCP clients' files (JSONCEditor, JSONCText, JSONCScanner,
// ConfigValue from Sources/HiveKeepWorkloads, compiled in). Any input is edited or refused with an error, and an
// edit that succeeds gives a document the editor can read again.
import HiveKeepCore

let entry = ConfigValue.object([.init("url", .string("http://127.0.0.1:1/mcp")), .init("type", .string("http"))])

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    for path in [["mcpServers"], ["a", "b"], []] {
        if let edited = try? JSONCEditor.upsert(bytes, path: path, name: "fuzz", value: entry) {
            _ = try? JSONCText(edited).parse()
            _ = try? JSONCEditor.remove(edited, path: path, name: "fuzz")
        }
        _ = try? JSONCEditor.remove(bytes, path: path, name: "fuzz")
    }
    return 0
}
