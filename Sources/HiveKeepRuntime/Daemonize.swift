import CHiveKeepSystem
import HiveKeepCore

#if canImport(Glibc)
    import Glibc
#endif

/// Helpers for the detached `hivekeep proxy-runner` process: its own session, its output in a log file, and no
/// descriptor it did not ask for. Call them first thing in `main`, before anything (Dispatch, NIO, logging) has
/// opened descriptors of its own.
public enum Daemonize {
    /// Closes every descriptor >= 3 except those in `keep` (such as the secrets pipe).
    public static func closeDescriptors(except keep: Set<Int32> = []) throws {
        let list = Array(keep)
        let result = list.withUnsafeBufferPointer {
            hivekeep_close_descriptors_except(3, $0.baseAddress, Int32($0.count))
        }
        guard result == 0 else { throw SystemCallError.make("close inherited descriptors") }
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
