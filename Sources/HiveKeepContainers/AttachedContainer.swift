import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A stdio container's attach connection, upgraded and ready (see ``ContainerStreams``).
///
/// Ownership: ``socket`` passes to whoever takes it over (the proxy's bridge closes it with its channel). This object
/// keeps a duplicate of its own, only so that ``close()`` can shut the connection down whoever holds the socket; the
/// duplicate is closed by ``close()`` or when the object goes away. The stderr log is opened at attach, so that an
/// unwritable log fails the attach, and is closed when the last demultiplexer writing to it is gone.
public final class AttachedContainer: ContainerStreams {
    public let socket: Int32
    private let leftover: [UInt8]
    private let log: ContainerStderrLog?
    /// The duplicate for ``close()``, -1 once closed.
    private let control: Mutex<Int32>
    /// Set when the channel reading the socket ended (the engine closed the stream, or ``close()``).
    private let ended = Mutex(false)

    init(socket fd: Int32, leftover: [UInt8], stderrLog: String) throws {
        let log = stderrLog.isEmpty ? nil : try ContainerStderrLog(path: stderrLog)
        let copy = fcntl(fd, F_DUPFD_CLOEXEC, 0)
        guard copy >= 0 else { throw UnixSocket.failure("dup", errno: errno) }
        socket = fd
        self.leftover = leftover
        self.log = log
        control = Mutex(copy)
    }

    deinit {
        control.withLock { fd in
            if fd >= 0 { Glibc.close(fd) }
        }
    }

    public func makeDemultiplexer() -> EngineStreamDemultiplexer {
        EngineStreamDemultiplexer(leftover: leftover, stderr: log) { [self] in ended.withLock { $0 = true } }
    }

    /// Waits at most `timeout` for the stream to end (the engine ends it when the container exits), then until the
    /// stderr received so far is in the log; whether the stream ended.
    public func finished(within timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while !ended.withLock({ $0 }), ContinuousClock.now < deadline {
            do { try await Task.sleep(for: .milliseconds(20)) } catch { break }
        }
        await log?.flushed()
        return ended.withLock { $0 }
    }

    /// Ends the attachment: the engine sees the connection close, the socket's holder sees end of file and its
    /// writes fail. Safe to call more than once.
    public func close() {
        control.withLock { fd in
            guard fd >= 0 else { return }
            _ = shutdown(fd, Int32(SHUT_RDWR))
            Glibc.close(fd)
            fd = -1
        }
    }

    /// Closes the container's stdin only (the server sees end of input); its output keeps flowing.
    public func closeInput() {
        control.withLock { fd in
            if fd >= 0 { _ = shutdown(fd, Int32(SHUT_WR)) }
        }
    }
}
