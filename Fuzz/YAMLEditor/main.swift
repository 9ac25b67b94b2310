// libFuzzer target: the YAML editor that writes MCP clients' files (YAMLEditor, YAMLLines, ConfigValue from
// Sources/HiveKeepWorkloads, compiled in). Any text is edited or refused with an error; never a crash or a hang.
import HiveKeepCore

let fields: [ConfigValue.Field] = [.init("url", .string("http://127.0.0.1:1/mcp")), .init("enabled", .bool(true))]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    for kind in [YAMLEditor.Collection.mapping, .sequence] {
        if let edited = try? YAMLEditor.upsert(text, container: "mcpServers", kind: kind, name: "fuzz", fields: fields) {
            _ = try? YAMLEditor.remove(edited, container: "mcpServers", kind: kind, name: "fuzz")
        }
        _ = try? YAMLEditor.remove(text, container: "extensions", kind: kind, name: "fuzz")
    }
    return 0
}
