import Foundation
import HiveKeepCore

/// Whether bubblewrap can sandbox a process on this machine, found by running a trivial sandbox the way workloads
/// run (every namespace unshared, only the system part mounted) and, when it fails, saying why: no `bwrap`, user
/// namespaces disabled by the kernel, or bwrap's own message. `hivekeep serve` logs it at start and
/// `hivekeep doctor` shows it.
public enum SandboxProbe {
    /// The outcome of a probe.
    public struct Result: Sendable, Hashable, CustomStringConvertible {
        /// True when a sandboxed process ran.
        public var isAvailable: Bool
        /// The `bwrap` that was tried, when one was found.
        public var bubblewrap: String?
        /// Why sandboxing does not work (nil when it does), with what to do about it.
        public var reason: String?

        /// One line for a log or `doctor`.
        public var description: String {
            isAvailable
                ? "sandbox: bubblewrap works (\(bubblewrap ?? "bwrap"))"
                : "sandbox: unavailable: \(reason ?? "unknown reason")"
        }
    }

    /// Runs `bwrap ... -- /bin/true` with bwrap's minimal environment and reports the result. Never throws: a failure
    /// is a result with a reason.
    /// - Parameter environment: where to look for `bwrap` (its `PATH`); `explicit` overrides the search.
    public static func check(explicit: String? = nil, environment: [String: String]) async -> Result {
        let bubblewrap: String
        do { bubblewrap = try Sandbox.locateBubblewrap(explicit: explicit, environment: environment) } catch {
            return Result(
                isAvailable: false, bubblewrap: nil,
                reason: "bubblewrap (bwrap) is not installed\(explicit.map { " at \($0)" } ?? ""): install the "
                    + "bubblewrap package")
        }
        let arguments = ["--unshare-all", "--die-with-parent"] + Sandbox.mountArguments(SandboxPolicy())
        let command = PreparedCommand(executable: bubblewrap, arguments: arguments + ["--", "/bin/true"])
        do {
            let child = try SpawnedChild.spawn(
                command, environment: try ChildEnvironment(parent: [:], variables: Sandbox.bubblewrapEnvironment),
                options: SpawnOptions(standardOutput: .pipe, standardError: .sameAsStandardOutput))
            let output = try await ChildOutput.collect(child) { _ in }
            let status = await child.waitForExit()
            if status.isSuccess { return Result(isAvailable: true, bubblewrap: bubblewrap, reason: nil) }
            return Result(isAvailable: false, bubblewrap: bubblewrap, reason: explain(output, status: status))
        } catch {
            return Result(isAvailable: false, bubblewrap: bubblewrap, reason: "\(bubblewrap) cannot run: \(error)")
        }
    }

    /// bwrap's message, and the kernel setting behind the usual one.
    static func explain(_ output: [String], status: ExitStatus) -> String {
        let message = output.suffix(3).joined(separator: " | ")
        let settings = [
            ("/proc/sys/kernel/unprivileged_userns_clone", "0"), ("/proc/sys/user/max_user_namespaces", "0"),
            ("/proc/sys/kernel/apparmor_restrict_unprivileged_userns", "1"),
        ]
        let disabled = settings.filter { path, off in
            (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
                == off
        }
        if !disabled.isEmpty {
            let names = disabled.map {
                "\($0.0.dropFirst("/proc/sys/".count).replacingOccurrences(of: "/", with: "."))=\($0.1)"
            }
            return "user namespaces are disabled (\(names.joined(separator: ", "))): bwrap \(status): \(message)"
        }
        return "bwrap \(status): \(message.isEmpty ? "no message" : message)"
    }
}
