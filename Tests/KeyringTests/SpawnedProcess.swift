import Foundation
import HiveKeepTestSupport

/// A child started with ``PosixSpawn`` (clean signal state, only stdio open, a process group of its own).
///
/// Not `Foundation.Process`: on Linux it spawns from the calling thread, so children of a test (which runs on a
/// dispatch worker with signals blocked) inherit a mask that blocks SIGTERM, and `dbus-run-session` can then never
/// stop its `dbus-daemon`; it also notices an exit only when every descendant has closed an inherited socket, so a
/// daemon left running makes `waitUntilExit` hang. Here the mask is emptied, the common signals are reset to their
/// default action, and every descriptor but stdin/stdout/stderr is closed in the child.
struct SpawnedProcess {
    let pid: pid_t

    /// Starts `executable` with exactly `environment`, reading stdin from and writing stdout/stderr to files.
    init(
        _ executable: String, _ arguments: [String], environment: [String: String],
        stdin: String, stdout: String, stderr: String
    ) throws {
        pid = try PosixSpawn.start(
            executable, arguments, environment: environment, stdin: stdin, stdout: stdout, stderr: stderr)
    }

    /// Waits for the exit status, at most `limit`; nil when the child was still running (it is then killed).
    func wait(limit: Duration) async throws -> Int32? {
        let end = ContinuousClock.now + limit
        var status: Int32 = 0
        while ContinuousClock.now < end {
            let waited = waitpid(pid, &status, WNOHANG)
            if waited == pid {
                return Self.exitCode(status)
            }
            guard waited == 0 || errno == EINTR else {
                throw SpawnError(description: "waitpid \(pid): \(String(cString: strerror(errno)))")
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        killGroup()
        return nil
    }

    /// Kills the child's whole process group and reaps the child.
    func killGroup() {
        kill(-pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1, errno == EINTR {}
    }

    /// The exit code, or 128 + the signal number for a child killed by a signal (WIFEXITED etc. are macros).
    private static func exitCode(_ status: Int32) -> Int32 {
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }
}

/// A child could not be started or waited for.
struct SpawnError: Error, CustomStringConvertible {
    let description: String
}
