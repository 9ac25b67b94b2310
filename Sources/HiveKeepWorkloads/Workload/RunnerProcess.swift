import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Checks on a workload's `hivekeep proxy-runner` process by its PID, guarding against PID reuse by reading the
/// process's command line.
enum RunnerProcess {
    /// Whether `pid` is alive and is the runner of `workload`.
    static func isAlive(_ pid: Int32, workload: String) -> Bool {
        guard pid > 0, kill(pid, 0) == 0 || errno == EPERM else { return false }
        guard let arguments = commandLine(of: pid) else { return false }
        return arguments.contains("proxy-runner") && arguments.last == workload
    }

    /// The arguments of `pid`, from `/proc/PID/cmdline`; nil when the process is gone or a zombie.
    static func commandLine(of pid: Int32) -> [String]? {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline"), !data.isEmpty else {
            return nil
        }
        return data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Sends SIGTERM to the runner, waits up to `timeout` for it to exit, then kills its whole session; whatever is
    /// left of its session once it is gone is killed too.
    static func stop(_ pid: Int32, workload: String, timeout: Duration) async {
        guard isAlive(pid, workload: workload) else {
            killOrphans(ofSession: pid)
            return
        }
        kill(pid, SIGTERM)
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if !isAlive(pid, workload: workload) {
                killOrphans(ofSession: pid)
                return
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
        for member in sessionMembers(pid) { kill(member, SIGKILL) }
        kill(pid, SIGKILL)
    }

    /// Kills (SIGKILL) what is left of the session a runner led once the runner is gone (killed with SIGKILL, it
    /// could not end its server): servers that would otherwise hold the workload's port. Returns the processes
    /// killed. Does nothing while a process `leader` exists: Linux does not hand out a pid still in use as a session
    /// id, so the session's members can only be the dead runner's.
    @discardableResult
    static func killOrphans(ofSession leader: Int32) -> [Int32] {
        guard leader > 0, kill(leader, 0) == -1, errno == ESRCH else { return [] }
        let members = sessionMembers(leader)
        for member in members { kill(member, SIGKILL) }
        return members
    }

    /// The processes of the session `leader` leads: the runner, its server and whatever the server started (the
    /// server leads a process group of its own, so a group kill of the runner would miss it).
    static func sessionMembers(_ leader: Int32) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return false }
            // After "pid (comm)": state, ppid, pgrp, session.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 3 && Int32(fields[3]) == leader
        }
    }
}
