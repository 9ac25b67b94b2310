import ArgumentParser
import Foundation
import HiveKeepCore
import HiveKeepWorkloads

/// `hivekeep run IMAGE [-- ARGS...]`: create and start a workload, then follow it until it runs.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Create and start a workload.",
        discussion: """
            IMAGE is a registry entry (`hivekeep registry list`), uvx://PACKAGE[@VERSION], npx://PACKAGE[@VERSION] \
            or exec:///ABSOLUTE/PATH. Use --url instead for a remote MCP server. Arguments after `--` go to the server.
            """)

    @Argument(help: "A registry entry, uvx://, npx:// or exec:// reference.")
    var image: String?

    @Option(help: "A remote MCP server's URL (instead of IMAGE).")
    var url: String?

    @Option(help: "The workload's name (default: from IMAGE).")
    var name: String?

    @Option(help: "The server's transport: stdio, sse or streamable-http.")
    var transport: String?

    @Option(name: .customLong("proxy-mode"), help: "What clients of a stdio server get: streamable-http or sse.")
    var proxyMode: String?

    @Option(name: .customLong("port"), help: "The proxy's port (default: a free one).")
    var proxyPort: Int?

    @Option(name: .customLong("env"), help: "A variable for the server, NAME=VALUE (repeatable).")
    var variables: [String] = []

    @Option(name: .customLong("secret"), help: "A secret as a variable, NAME,target=VARIABLE (repeatable).")
    var secrets: [String] = []

    @Option(name: .customLong("volume"), help: "A path the sandboxed server may use, /path[:ro] (repeatable).")
    var volumes: [String] = []

    @Flag(name: .customLong("isolate-network"), help: "Run the server in a sandbox without network access.")
    var isolateNetwork = false

    @Option(name: .customLong("tool"), help: "Only offer this tool to clients (repeatable).")
    var tools: [String] = []

    @Option(help: "The group to add the workload to.")
    var group: String?

    @Flag(name: .customLong("no-wait"), help: "Return once the workload is created instead of when it runs.")
    var noWait = false

    @Option(help: "How many seconds to wait for the workload to run.")
    var timeout: Int = 300

    @Argument(parsing: .postTerminator, help: "Arguments for the server.")
    var arguments: [String] = []

    func run() async throws {
        let service = try CLIEnvironment().workloadService()
        let created = try await service.create(try request())
        print("created workload \(created.name) on port \(created.port)")
        guard !noWait else { return }
        try await WorkloadProgress.follow(created.name, service: service, timeout: .seconds(timeout))
    }

    func request() throws -> WorkloadRequest {
        guard image != nil || url != nil else { throw ValidationError("give IMAGE or --url") }
        var request = WorkloadRequest(name: name ?? Self.defaultName(image: image, url: url), image: image, url: url)
        request.transport = transport
        request.proxyMode = proxyMode
        request.proxyPort = proxyPort
        request.cmdArguments = arguments.isEmpty ? nil : arguments
        request.envVars = try Dictionary(
            variables.map { pair -> (String, String) in
                guard let equals = pair.firstIndex(of: "=") else { throw ValidationError("--env takes NAME=VALUE") }
                return (String(pair[..<equals]), String(pair[pair.index(after: equals)...]))
            }, uniquingKeysWith: { _, last in last })
        request.secrets = try secrets.map(SecretReference.init(parsing:))
        request.volumes = volumes
        request.networkIsolation = isolateNetwork
        request.tools = tools.isEmpty ? nil : tools
        request.group = group
        return request
    }

    /// `time` for a registry entry, `mcp-server-time` for `uvx://mcp-server-time@1.0`, the file name for `exec://`,
    /// the host for a URL.
    static func defaultName(image: String?, url: String?) -> String? {
        if let url { return URL(string: url)?.host.map { $0.replacingOccurrences(of: ":", with: "-") } }
        guard var text = image else { return nil }
        if let scheme = text.range(of: "://") { text = String(text[scheme.upperBound...]) }
        text = String(text.split(separator: "/").last ?? Substring(text))
        text = String(text.split(separator: "@").first ?? Substring(text))
        let allowed = text.unicodeScalars.map { scalar -> Character in
            CharacterSet.alphanumerics.contains(scalar) || "._-".unicodeScalars.contains(scalar)
                ? Character(scalar) : "-"
        }
        return String(allowed)
    }
}
