import Foundation

/// The command line: `hivekeep-proxy-benchmark [--duration S] [--warmup S] [--rounds N] [--sessions 1,16] [--servers time,echo]
/// [--paths raw,hivekeep,mcp-proxy] [--raw-era both|session|stateless] [--raw-batching on|off] [--hivekeep PATH] [--echo PATH]
/// [--time-server PATH] [--mcp-proxy PATH] [--container-image REF] [--docker-host unix://PATH]`. The server
/// `time-container` (HiveKeep leg only) needs a container engine: `--docker-host`, else `$DOCKER_HOST`.
struct BenchmarkOptions {
    var duration = 10.0
    var warmUp = 2.0
    /// How many times every leg runs (legs alternate); the table shows each leg's median round.
    var rounds = 1
    var sessions = [1, 16]
    var servers = ["time", "echo"]
    var paths = ["raw", "hivekeep", "mcp-proxy"]
    /// Which eras the raw stdio legs speak (false: session era, true: 2026-07-28).
    var rawEras = [false, true]
    /// Whether the raw legs write requests that are due together in one write (`--raw-batching on|off`).
    var rawBatched = true
    var hivekeep: String
    var echo: String
    var timeServer = "/work/main/.cache/venv/bin/mcp-server-time"
    var mcpProxy = "/work/main/.cache/venv-bench/bin/mcp-proxy"
    var containerImage = "localhost/hivekeep-test/time:1"
    var dockerHost = ProcessInfo.processInfo.environment["DOCKER_HOST"]

    init(arguments: [String]) throws {
        let binDirectory = URL(fileURLWithPath: arguments[0]).deletingLastPathComponent().path
        hivekeep = binDirectory + "/hivekeep"
        echo = binDirectory + "/hivekeep-bench-echo"
        var index = 1
        while index < arguments.count {
            let name = arguments[index]
            guard index + 1 < arguments.count else { throw BenchmarkError("\(name) needs a value") }
            let value = arguments[index + 1]
            index += 2
            switch name {
            case "--duration": duration = try Self.number(name, value)
            case "--warmup": warmUp = try Self.number(name, value)
            case "--rounds": rounds = max(1, Int(value) ?? 1)
            case "--sessions": sessions = value.split(separator: ",").compactMap { Int($0) }.filter { $0 > 0 }
            case "--servers": servers = value.split(separator: ",").map(String.init)
            case "--paths": paths = value.split(separator: ",").map(String.init)
            case "--raw-era": rawEras = value == "both" ? [false, true] : [value == "stateless"]
            case "--raw-batching": rawBatched = value != "off"
            case "--hivekeep": hivekeep = value
            case "--echo": echo = value
            case "--time-server": timeServer = value
            case "--mcp-proxy": mcpProxy = value
            case "--container-image": containerImage = value
            case "--docker-host": dockerHost = value
            default: throw BenchmarkError("unknown option \(name)")
            }
        }
        // Absolute paths: the echo server becomes an exec:///ABSOLUTE/PATH workload.
        hivekeep = URL(fileURLWithPath: hivekeep).standardizedFileURL.path
        echo = URL(fileURLWithPath: echo).standardizedFileURL.path
        timeServer = URL(fileURLWithPath: timeServer).standardizedFileURL.path
        mcpProxy = URL(fileURLWithPath: mcpProxy).standardizedFileURL.path
        let needed = [hivekeep, echo, timeServer] + (paths.contains("mcp-proxy") ? [mcpProxy] : [])
        for path in needed where !FileManager.default.isExecutableFile(atPath: path) {
            throw BenchmarkError("\(path) is not an executable (run scripts/bench-proxy.sh, which builds and sets up)")
        }
    }

    private static func number(_ name: String, _ value: String) throws -> Double {
        guard let number = Double(value), number >= 0 else { throw BenchmarkError("\(name) needs a number") }
        return number
    }

    var benchServers: [BenchServer] {
        servers.compactMap { name in
            switch name {
            case "time": return .time(path: timeServer)
            case "echo": return .echo(path: echo)
            case "time-container": return .timeContainer(image: containerImage)
            default: return nil
            }
        }
    }
}
