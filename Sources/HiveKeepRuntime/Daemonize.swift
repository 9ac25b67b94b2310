import Foundation
import HiveKeepCore

#if canImport(Glibc)
    import Glibc
#endif

/// Helpers for the detached `hivekeep proxy-runner` process: no descriptor it did not ask for, its own session, its
/// output in a log file. Call them first thing, in this order, before the runner opens anything of its own.
public enum Daemonize {
    /// Closes every descriptor the process inherited, except standard input, output and error and those in `keep`
    /// (the secrets pipe).
    ///
    /// By the time Swift code runs, the runtime (libdispatch, the concurrency pool) has opened descriptors of its
    /// own, so "everything from 3 up" cannot be closed blindly. The inherited ones are told apart by close-on-exec:
    /// `execve` closed every descriptor that had it, so whatever survived into this process lacks it, while the
    /// runtime opens all of its descriptors with it (epoll, eventfd, timerfd are created `*_CLOEXEC`). Returns
    /// the descriptors closed.
    @discardableResult
    public static func closeInheritedDescriptors(except keep: Set<Int32> = []) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        var closed: [Int32] = []
        for fd in entries.compactMap(Int32.init).sorted() where fd > 2 && !keep.contains(fd) {
            let flags = fcntl(fd, F_GETFD)
            // -1: the directory listing's own descriptor, already closed.
            guard flags >= 0, flags & FD_CLOEXEC == 0 else { continue }
            close(fd)
            closed.append(fd)
        }
        return closed
    }

    /// Starts a new session unless this process already leads one; returns the session id.
    @discardableResult
    public static func becomeSessionLeader() throws -> pid_t {
        if getsid(0) == getpid() { return getpid() }
        let session = setsid()
        guard session >= 0 else { throw SystemCallError.make("setsid") }
        return session
    }

    /// Standard input from /dev/null; standard output and error appended to `logFile` (created 0600).
    public static func redirectStandardStreams(to logFile: String) throws {
        let null = open("/dev/null", O_RDONLY | O_CLOEXEC)
        guard null >= 0 else { throw SystemCallError.make("open /dev/null") }
        defer { close(null) }
        let log = open(logFile, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard log >= 0 else { throw SystemCallError.make("open \(logFile)", as: .unavailable) }
        defer { close(log) }
        for (source, target) in [(null, Int32(0)), (log, 1), (log, 2)] where dup2(source, target) < 0 {
            throw SystemCallError.make("dup2 onto \(target)")
        }
    }
}
