import CHiveKeepSystem
import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A stdio container's attached streams: ``input`` writes to the container's stdin, ``output`` reads its stdout;
/// its stderr is appended to the log file named at attach.
///
/// Ownership: ``input`` (a duplicate of the attach socket) and ``output`` (the read end of a pipe) belong to the
/// caller, who closes them (``StdioBridge`` takes both over and closes them with its channel). One thread per
/// attachment reads the socket, writes stdout frames into the pipe and stderr frames into the log; it ends, closing
/// the socket, its pipe end and the log, when the engine ends the stream (the container exited) or at ``close()``,
/// which shuts the connection down: the caller's reads then see end of file and its writes fail.
public final class AttachedContainerStreams: ContainerStreams {
    public let input: Int32
    public let output: Int32
    /// The attach socket while the reader runs, -1 after it closed it.
    private let socket: Mutex<Int32>
    private let done = DispatchGroup()

    init(socket fd: Int32, leftover: [UInt8], stderrLog: String) throws {
        var ends: [Int32] = [-1, -1]
        guard hivekeep_pipe_cloexec(&ends) == 0 else { throw UnixSocket.failure("pipe", errno: errno) }
        let inputCopy = fcntl(fd, F_DUPFD_CLOEXEC, 0)
        guard inputCopy >= 0 else {
            let code = errno
            Glibc.close(ends[0])
            Glibc.close(ends[1])
            throw UnixSocket.failure("dup", errno: code)
        }
        let log = stderrLog.isEmpty ? -1 : open(stderrLog, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard stderrLog.isEmpty || log >= 0 else {
            let code = errno
            for descriptor in [ends[0], ends[1], inputCopy] { Glibc.close(descriptor) }
            throw UnixSocket.failure("open the stderr log \(stderrLog)", errno: code)
        }
        input = inputCopy
        output = ends[0]
        socket = Mutex(fd)
        let reader = StreamReader(socket: fd, stdout: ends[1], stderr: log, leftover: leftover)
        let group = done
        group.enter()
        let thread = Thread { [self] in
            reader.run()
            self.socket.withLock { fd in
                Glibc.close(fd)
                fd = -1
            }
            group.leave()
        }
        thread.name = "hivekeep-attach"
        thread.start()
    }

    /// Ends the attachment: the engine sees the connection close, the reader thread ends and frees what it holds.
    public func close() {
        socket.withLock { fd in
            if fd >= 0 { _ = shutdown(fd, Int32(SHUT_RDWR)) }
        }
    }

    /// Closes the container's stdin only (the server sees end of input); stdout keeps flowing.
    public func closeInput() {
        socket.withLock { fd in
            if fd >= 0 { _ = shutdown(fd, Int32(SHUT_WR)) }
        }
    }

    /// The attach socket while the reader thread runs, -1 once it has closed it.
    var socketDescriptor: Int32 { socket.withLock { $0 } }

    /// Returns once the reader thread has ended and closed the socket, its pipe end and the log.
    public func finished() async {
        await withCheckedContinuation { continuation in
            done.notify(queue: .global()) { continuation.resume() }
        }
    }

    /// ``finished()`` for at most `timeout`; whether the reader thread ended in that time.
    public func finished(within timeout: Duration) async -> Bool {
        let group = done
        let milliseconds = Int(timeout / .milliseconds(1))
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: group.wait(timeout: .now() + .milliseconds(milliseconds)) == .success)
            }
        }
    }
}

/// The attach thread's loop: socket frames to the stdout pipe and the stderr log.
private struct StreamReader: Sendable {
    let socket: Int32
    let stdout: Int32
    let stderr: Int32
    let leftover: [UInt8]

    func run() {
        // A write to a pipe whose reader is gone raises SIGPIPE in the writing thread: blocked here, EPIPE instead.
        var blocked = sigset_t()
        sigemptyset(&blocked)
        sigaddset(&blocked, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &blocked, nil)
        defer {
            Glibc.close(stdout)
            if stderr >= 0 { Glibc.close(stderr) }
        }
        var frames = FrameDemultiplexer()
        frames.append(leftover)
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            while let frame = frames.next() {
                guard deliver(frame) else { return }
            }
            if frames.invalid { return }
            let count = buffer.withUnsafeMutableBytes { UnixSocket.read(socket, into: $0) }
            guard count > 0 else { return }
            frames.append(buffer[..<count])
        }
    }

    /// Writes a frame where it belongs; false when stdout's reader is gone (nothing left to serve).
    private func deliver(_ frame: FrameDemultiplexer.Frame) -> Bool {
        switch frame.stream {
        case 1: return frame.payload.withUnsafeBytes { writeAll(stdout, $0) }
        case 2:
            if stderr >= 0 { _ = frame.payload.withUnsafeBytes { writeAll(stderr, $0) } }
            return true
        default: return true
        }
    }

    private func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
        var offset = 0
        while offset < bytes.count, let base = bytes.baseAddress {
            let written = write(fd, base + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += written
        }
        return true
    }
}
