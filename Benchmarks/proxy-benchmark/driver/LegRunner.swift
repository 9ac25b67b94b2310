import Foundation

/// Runs the legs for one server in order: raw stdio, HiveKeep, mcp-proxy, each with every session count.
struct LegRunner {
    let options: BenchmarkOptions
    let environment: [String: String]
    let logDirectory: String

    func runAll(_ server: BenchServer, hivekeep: HiveKeepPeer?) -> [LegResult] {
        var results: [LegResult] = []
        if options.paths.contains("raw"), server.image == nil {
            for stateless in options.rawEras {
                for sessions in options.sessions { results.append(report(raw(server, sessions, stateless: stateless))) }
            }
        }
        if options.paths.contains("hivekeep") {
            results += viaHTTP(server, label: "hivekeep") {
                guard let hivekeep else { throw BenchmarkError("hivekeep serve is not running") }
                let port = try hivekeep.start(server)
                return (port, hivekeep.token(server), {})
            }
        }
        if options.paths.contains("mcp-proxy"), server.image == nil {
            results += viaHTTP(server, label: "mcp-proxy") {
                let peer = try MCPProxyPeer(
                    mcpProxy: options.mcpProxy, server: server, environment: environment, logDirectory: logDirectory)
                return (peer.port, nil, { peer.stop() })
            }
        }
        return results
    }

    /// Raw stdio in one era: `raw` is the session era (`initialize` first), `raw-2026` the stateless 2026-07-28 era
    /// (the `_meta` envelope on every call, which is what HiveKeep's bridge speaks upstream to a server that has it).
    private func raw(_ server: BenchServer, _ sessions: Int, stateless: Bool) -> LegResult {
        let label = stateless ? "raw-2026" : "raw"
        let load = StdioLoad(
            server: server, sessions: sessions, stateless: stateless, batched: options.rawBatched,
            environment: environment,
            logDirectory: logDirectory)
        do {
            let (recorder, cpu) = try load.run(warmUpSeconds: options.warmUp, durationSeconds: options.duration)
            return LegResult(
                server: server.name, path: label, sessions: sessions, latencies: recorder.latencies,
                errors: recorder.errors, seconds: recorder.window.durationSeconds, clientCPU: cpu)
        } catch {
            return .failed(server: server.name, path: label, sessions: sessions, "\(error)")
        }
    }

    /// A leg through an HTTP proxy; `start` returns its port, the token it requires (if any) and how to stop it.
    private func viaHTTP(
        _ server: BenchServer, label: String, start: () throws -> (Int, String?, () -> Void)
    ) -> [LegResult] {
        let port: Int
        let token: String?
        let stop: () -> Void
        do {
            (port, token, stop) = try start()
        } catch {
            return options.sessions.map { .failed(server: server.name, path: label, sessions: $0, "\(error)") }
        }
        defer { stop() }
        return options.sessions.map { sessions in
            let load = HTTPLoad(port: port, messages: server.messages, sessions: sessions, token: token)
            do {
                let measured = try load.run(warmUpSeconds: options.warmUp, durationSeconds: options.duration)
                return report(
                    LegResult(
                        server: server.name, path: label, sessions: sessions, latencies: measured.latencies,
                        errors: measured.errors, seconds: options.duration, clientCPU: measured.cpu))
            } catch {
                return report(.failed(server: server.name, path: label, sessions: sessions, "\(error)"))
            }
        }
    }

    /// Prints a one-line progress note to stderr and passes the result on.
    private func report(_ result: LegResult) -> LegResult {
        let line =
            result.failure.map { "\(result.server) \(result.path) x\(result.sessions): failed: \($0)\n" }
            ?? "\(result.server) \(result.path) x\(result.sessions): \(Int(result.callsPerSecond)) calls/s\n"
        FileHandle.standardError.write(Data(line.utf8))
        return result
    }
}
