import Foundation
import HiveKeepCore

#if canImport(Glibc)
    import Glibc
#endif

/// Network for a sandbox that is not isolated, without sharing the host's network namespace: the sandbox always
/// gets a namespace of its own, and `pasta` (package `passt`) attached to it gives it outbound access through the
/// host's stack, forwards one TCP port from the host's loopback in (a server that listens), and maps neither the
/// host's loopback (`--no-map-gw`, `-T none`, `-U none`) nor, since the namespace is not the host's, any host
/// abstract Unix socket into the sandbox.
///
/// The server waits for the namespace's default route before it starts (``awaitingNetwork(_:)``); the caller runs
/// ``connect(sandboxOf:pasta:forwarding:)`` right after spawning bwrap.
public enum SandboxNetwork {
    /// The absolute path of `pasta` on `environment["PATH"]`.
    /// - Throws: `HiveKeepError` (`.unavailable`) saying that the passt package must be installed.
    public static func locatePasta(environment: [String: String]) throws -> String {
        let directories = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
        let candidates = directories.map { "\($0)/pasta" }
        if let found = candidates.first(where: { access($0, X_OK) == 0 }) { return found }
        throw HiveKeepError(
            .unavailable,
            "a sandboxed server with network access needs pasta, which is not installed: install the passt package, "
                + "or use network_isolation")
    }

    /// `command` behind a wait for the sandbox's network (a default route in `/proc/net/route`, at most 30 s).
    static func awaitingNetwork(_ command: PreparedCommand) -> PreparedCommand {
        let script = """
            i=0; while [ "$(wc -l < /proc/net/route)" -lt 2 ]; do i=$((i+1)); if [ $i -gt 600 ]; then \
            echo "hivekeep: the sandbox's network did not come up" >&2; exit 70; fi; sleep 0.05; done; exec "$@"
            """
        var wrapped = command
        wrapped.executable = "/bin/sh"
        wrapped.arguments = ["-c", script, "sh", command.executable] + command.arguments
        return wrapped
    }

    /// Attaches pasta to the network namespace of the sandbox bwrap `bubblewrapPID` started, forwarding `port`
    /// (TCP, host loopback to the sandbox) when given. pasta stays in the background and ends with the namespace.
    /// - Throws: `HiveKeepError` (`.unavailable`) when the sandbox cannot be found or pasta fails.
    public static func connect(sandboxOf bubblewrapPID: pid_t, pasta: String, forwarding port: Int?) async throws {
        var sandbox: pid_t?
        for _ in 0..<200 {
            sandbox = firstChild(of: bubblewrapPID)
            if sandbox != nil { break }
            try await Task.sleep(for: .milliseconds(10))
        }
        guard let sandbox else { throw HiveKeepError(.unavailable, "the sandbox did not start (no process in it)") }
        let arguments = [
            "--config-net", "--no-map-gw", "--quiet", "--runas", "\(geteuid()):\(getegid())",
            "-t", port.map(String.init) ?? "none", "-u", "none", "-T", "none", "-U", "none", String(sandbox),
        ]
        let child = try SpawnedChild.spawn(
            PreparedCommand(executable: pasta, arguments: arguments),
            environment: try ChildEnvironment(parent: [:], variables: Sandbox.bubblewrapEnvironment),
            options: SpawnOptions(standardOutput: .pipe, standardError: .sameAsStandardOutput))
        let output = try await ChildOutput.collect(child) { _ in }
        let status = await child.waitForExit()
        guard status.isSuccess else {
            let message = output.filter { !$0.contains("syslog") }.suffix(3).joined(separator: " | ")
            throw HiveKeepError(.unavailable, "pasta could not connect the sandbox's network (\(status)): \(message)")
        }
    }

    /// Waits until a socket in the sandbox's network namespace listens on TCP `port` (read from the sandbox's
    /// `/proc/PID/net/tcp` and `tcp6`): pasta accepts on the host's side before the server listens, so a connect
    /// from the host proves nothing.
    /// - Throws: `HiveKeepError` (`.unavailable`) after `timeout`, or when the sandbox is gone.
    public static func waitUntilListening(sandboxOf bubblewrapPID: pid_t, port: Int, timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        let suffix = ":" + String(format: "%04X", port)
        while ContinuousClock.now < deadline {
            if let sandbox = firstChild(of: bubblewrapPID) {
                for table in ["tcp", "tcp6"] {
                    let text = (try? String(contentsOfFile: "/proc/\(sandbox)/net/\(table)", encoding: .utf8)) ?? ""
                    let listening = text.split(separator: "\n").dropFirst().contains { line in
                        let fields = line.split(separator: " ")
                        return fields.count > 3 && fields[1].hasSuffix(suffix) && fields[3] == "0A"
                    }
                    if listening { return }
                }
            } else if kill(bubblewrapPID, 0) != 0 {
                break
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw HiveKeepError(.unavailable, "the server did not listen on port \(port) in its sandbox")
    }

    private static func firstChild(of pid: pid_t) -> pid_t? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/task/\(pid)/children", encoding: .utf8) else {
            return nil
        }
        return text.split(separator: " ").first.flatMap { pid_t($0) }
    }
}
