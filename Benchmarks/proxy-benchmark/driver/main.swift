// The proxy benchmark (issue 5): tools/call per second and p50/p99 latency through raw stdio, HiveKeep's
// streamable-HTTP proxy and mcp-proxy 0.13.0, on mcp-server-time and on a minimal echo server, with 1 and 16
// concurrent sessions. Legs run one after another; each warms up, then measures for a fixed duration. Prints a table
// and the ratios the issue aims for; asserts nothing (the machines are shared and noisy).
//
// Usage: see BenchmarkOptions; scripts/bench-proxy.sh builds everything in release mode and runs this.
import Foundation
import HiveKeepTestSupport

let options: BenchmarkOptions
do {
    options = try BenchmarkOptions(arguments: CommandLine.arguments)
} catch {
    FileHandle.standardError.write(Data("hivekeep-proxy-benchmark: \(error)\n".utf8))
    exit(2)
}
let logs = try TemporaryDirectory(prefix: "hk-bench-logs")
let venvPath = URL(fileURLWithPath: options.timeServer).deletingLastPathComponent().path
let searchPath = venvPath + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
let childEnvironment = logs.isolatedEnvironment(extra: ["PATH": searchPath])

var hostInfo = utsname()
uname(&hostInfo)
let machine = withUnsafeBytes(of: &hostInfo.machine) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
let cores = ProcessInfo.processInfo.activeProcessorCount
print(
    "proxy benchmark: \(options.duration) s per leg after \(options.warmUp) s warm-up, \(options.rounds) round(s) "
        + "(the table shows each leg's median round); \(cores) cores (\(machine))")
print(
    "load average at start: \((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?")"
)

let runner = LegRunner(options: options, environment: childEnvironment, logDirectory: logs.path)
var rounds: [[LegResult]] = []
var hivekeep: HiveKeepPeer?
if options.paths.contains("hivekeep") {
    do {
        hivekeep = try HiveKeepPeer(hivekeep: options.hivekeep, path: searchPath, dockerHost: options.dockerHost)
    } catch {
        print("hivekeep serve could not start: \(error)")
    }
}
for round in 1...options.rounds {
    if options.rounds > 1 { FileHandle.standardError.write(Data("round \(round) of \(options.rounds)\n".utf8)) }
    rounds.append(options.benchServers.flatMap { runner.runAll($0, hivekeep: hivekeep) })
}
hivekeep?.stop()
print(
    "load average at end: \((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?")"
)
ReportTable(rounds: rounds).printTable()
logs.remove()
