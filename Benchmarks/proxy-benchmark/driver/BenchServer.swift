/// A stdio MCP server the benchmark runs under each path: its command and the tools/call it receives.
struct BenchServer: Sendable {
    let name: String
    let command: String
    let arguments: [String]
    let messages: MCPMessages
    /// A container image to run instead of `command` (HiveKeep's container path; no raw or mcp-proxy leg).
    var image: String? = nil

    /// mcp-server-time from the test venv (a real Python MCP server from PyPI).
    static func time(path: String) -> BenchServer {
        BenchServer(
            name: "time", command: path, arguments: [],
            messages: MCPMessages(tool: "get_current_time", arguments: #"{"timezone":"UTC"}"#))
    }

    /// mcp-server-time in a container image (the test image of scripts/container-images.sh): the same server as
    /// `time`, run by HiveKeep through the container engine.
    static func timeContainer(image: String) -> BenchServer {
        BenchServer(
            name: "time-container", command: "", arguments: [],
            messages: MCPMessages(tool: "get_current_time", arguments: #"{"timezone":"UTC"}"#), image: image)
    }

    /// The minimal Swift echo server shipped with the benchmark (`hivekeep-bench-echo`).
    static func echo(path: String) -> BenchServer {
        BenchServer(
            name: "echo", command: path, arguments: [],
            messages: MCPMessages(tool: "echo", arguments: #"{"text":"hello"}"#))
    }

    /// The body of the API request that creates this server as a HiveKeep workload.
    func workloadBody(name workload: String) -> String {
        if let image { return #"{"name":"\#(workload)","image":"\#(image)"}"# }
        let arguments = arguments.map { "\"\($0)\"" }.joined(separator: ",")
        return #"{"name":"\#(workload)","image":"exec://\#(command)","cmd_arguments":[\#(arguments)]}"#
    }
}
