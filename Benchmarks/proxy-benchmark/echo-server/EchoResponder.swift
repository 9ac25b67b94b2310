/// Answers one JSON-RPC line the way a minimal MCP server does: `initialize` (session era), `server/discover` and
/// requests carrying the 2026-07-28 `_meta` envelope (stateless era), `ping`, `tools/list`, and `tools/call` of
/// the one tool, `echo`, which returns its `text` argument verbatim. Notifications get no reply.
struct EchoResponder {
    static let serverInfo = #"{"name":"hivekeep-bench-echo","version":"1.0.0"}"#
    static let capabilities = #"{"tools":{"listChanged":false}}"#
    static let tool =
        #"{"name":"echo","description":"Returns its text argument.","inputSchema":{"type":"object","#
        + #""properties":{"text":{"type":"string"}},"required":["text"]}}"#

    /// Appends the reply to `line` (one JSON-RPC message) to `out`, if it needs one.
    func respond(to line: [UInt8], in range: Range<Int>, into out: inout [UInt8]) {
        guard let members = JSONScan.members(line, in: range) else {
            append(error: -32700, "parse error", id: Array("null".utf8), into: &out)
            return
        }
        func value(_ name: String) -> Range<Int>? {
            let wanted = Array(name.utf8)
            return members.first { line[$0.key].elementsEqual(wanted) }?.value
        }
        guard let idRange = value("id") else { return }  // a notification
        let id = Array(line[idRange])
        guard let methodRange = value("method"), let method = JSONScan.stringContents(line, methodRange) else {
            return  // a reply to a request of ours: this server sends none
        }
        let params = value("params")
        let modern = params.flatMap { JSONScan.member("_meta", of: line, in: $0) } != nil
        let complete = modern ? #","resultType":"complete""# : ""
        switch String(decoding: method, as: UTF8.self) {
        case "initialize":
            let requested = params.flatMap { JSONScan.member("protocolVersion", of: line, in: $0) }
            let version = requested.map { String(decoding: line[$0], as: UTF8.self) } ?? #""2025-11-25""#
            append(
                result: #"{"protocolVersion":\#(version),"capabilities":\#(Self.capabilities),"#
                    + #""serverInfo":\#(Self.serverInfo)}"#, id: id, into: &out)
        case "server/discover":
            append(
                result: #"{"resultType":"complete","supportedVersions":["2026-07-28"],"#
                    + #""capabilities":\#(Self.capabilities),"#
                    + #""_meta":{"io.modelcontextprotocol/serverInfo":\#(Self.serverInfo)}}"#, id: id, into: &out)
        case "ping":
            append(result: "{\(complete.dropFirst())}", id: id, into: &out)
        case "tools/list":
            append(result: #"{"tools":[\#(Self.tool)]\#(complete)}"#, id: id, into: &out)
        case "tools/call":
            call(line, params: params, id: id, complete: complete, into: &out)
        default:
            append(error: -32601, "method not found", id: id, into: &out)
        }
    }

    private func call(_ line: [UInt8], params: Range<Int>?, id: [UInt8], complete: String, into out: inout [UInt8]) {
        guard let params, let name = JSONScan.member("name", of: line, in: params),
            JSONScan.stringContents(line, name)?.elementsEqual("echo".utf8) == true
        else {
            append(error: -32602, "unknown tool", id: id, into: &out)
            return
        }
        let arguments = JSONScan.member("arguments", of: line, in: params)
        guard let text = arguments.flatMap({ JSONScan.member("text", of: line, in: $0) }),
            JSONScan.stringContents(line, text) != nil
        else {
            append(error: -32602, "echo needs a string argument `text`", id: id, into: &out)
            return
        }
        out += Array(#"{"jsonrpc":"2.0","id":"#.utf8) + id
        out += Array(#","result":{"content":[{"type":"text","text":"#.utf8)
        out += line[text]
        out += Array(#"}],"isError":false\#(complete)}}"#.utf8)
        out.append(0x0A)
    }

    private func append(result: String, id: [UInt8], into out: inout [UInt8]) {
        out += Array(#"{"jsonrpc":"2.0","id":"#.utf8) + id + Array(#","result":"#.utf8) + Array(result.utf8)
        out += Array("}\n".utf8)
    }

    private func append(error code: Int, _ message: String, id: [UInt8], into out: inout [UInt8]) {
        out += Array(#"{"jsonrpc":"2.0","id":"#.utf8) + id
        out += Array(#","error":{"code":\#(code),"message":"\#(message)"}}"#.utf8)
        out.append(0x0A)
    }
}
