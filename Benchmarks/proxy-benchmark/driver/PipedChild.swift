import Glibc

/// A server process the load generator talks to over pipes: its stdin and stdout are ours, its stderr goes to a file,
/// and it runs in a process group of its own so that ``kill()`` removes everything it started.
final class PipedChild {
    let pid: pid_t
    /// Where we write (the child's stdin).
    private(set) var input: Int32
    /// Where we read (the child's stdout).
    let output: Int32

    init(_ executable: String, _ arguments: [String], environment: [String: String], errorLog: String) throws {
        var toChild: [Int32] = [0, 0]
        var fromChild: [Int32] = [0, 0]
        guard pipe(&toChild) == 0, pipe(&fromChild) == 0 else { throw BenchmarkError("pipe failed: errno \(errno)") }
        // Our ends must not leak into other children (the load generator starts several servers in turn).
        for fd in toChild + fromChild { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, toChild[0], 0)
        posix_spawn_file_actions_adddup2(&actions, fromChild[1], 1)
        posix_spawn_file_actions_addopen(&actions, 2, errorLog, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigfillset(&defaults)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var child: pid_t = 0
        let status = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
        close(toChild[0])
        close(fromChild[1])
        guard status == 0 else {
            close(toChild[1])
            close(fromChild[0])
            throw BenchmarkError("cannot start \(executable): errno \(status)")
        }
        pid = child
        input = toChild[1]
        output = fromChild[0]
    }

    /// Writes all of `bytes` to the child's stdin.
    func write(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                Glibc.write(input, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
            }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { throw BenchmarkError("the server closed its input") }
            offset += written
        }
    }

    /// Closes the child's stdin (a stdio MCP server exits on end of input).
    func closeInput() {
        if input >= 0 { close(input) }
        input = -1
    }

    /// Kills the child's process group and reaps the child.
    func kill() {
        closeInput()
        Glibc.kill(-pid, SIGKILL)
        var status: Int32 = 0
        _ = waitpid(pid, &status, 0)
        close(output)
    }
}

/// Reads newline-delimited messages from a descriptor, waiting at most `timeoutMilliseconds` for each read.
struct LineReader {
    let fd: Int32
    let timeoutMilliseconds: Int32
    private var buffer: [UInt8] = []
    private var start = 0
    private var chunk = [UInt8](repeating: 0, count: 65536)

    init(fd: Int32, timeoutMilliseconds: Int32 = 30_000) {
        self.fd = fd
        self.timeoutMilliseconds = timeoutMilliseconds
        buffer.reserveCapacity(1 << 17)
    }

    /// Calls `body` with each complete line now available (reading once, blocking until something arrives).
    mutating func readLines(_ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let ready = poll(&poller, 1, timeoutMilliseconds)
        if ready < 0, errno == EINTR { return }
        guard ready > 0 else { throw BenchmarkError("no reply from the server within \(timeoutMilliseconds) ms") }
        let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if count < 0, errno == EINTR { return }
        guard count > 0 else { throw BenchmarkError("the server closed its output") }
        buffer += chunk[0..<count]
        try buffer.withUnsafeBufferPointer { bytes in
            while let newline = bytes[start...].firstIndex(of: 0x0A) {
                try body(UnsafeBufferPointer(rebasing: bytes[start..<newline]))
                start = newline + 1
            }
        }
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        } else if start > 1 << 16 {
            buffer.removeFirst(start)
            start = 0
        }
    }
}

struct BenchmarkError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
