import Dispatch
import NIOCore

#if canImport(Glibc)
    import Glibc
#endif

/// The first inbound handler on a container's attach connection: splits the engine's multiplexed stream (an 8-byte
/// header: stream 0 stdin, 1 stdout, 2 stderr, three zero bytes, a big-endian 32-bit length; then the payload)
/// on the event loop, passes stdout's payloads on as they are, and appends stderr's to the log off the event loop.
/// A header that is not a frame header (the stream is not multiplexed, or announces more than
/// ``FrameDemultiplexer/maximumFrameLength`` bytes) is an error that closes the channel.
public final class EngineStreamDemultiplexer: ChannelInboundHandler {
    public typealias InboundIn = ByteBuffer
    public typealias InboundOut = ByteBuffer

    /// The stream did not follow the engine's framing.
    public struct NotMultiplexed: Error, CustomStringConvertible {
        public var description: String { "the container engine's attach stream is not multiplexed" }
    }

    private var pending: ByteBuffer
    private let stderr: ContainerStderrLog?
    private let ended: @Sendable () -> Void

    init(leftover: [UInt8], stderr: ContainerStderrLog?, ended: @escaping @Sendable () -> Void) {
        pending = ByteBuffer(bytes: leftover)
        self.stderr = stderr
        self.ended = ended
    }

    public func channelInactive(context: ChannelHandlerContext) {
        ended()
        context.fireChannelInactive()
    }

    public func channelActive(context: ChannelHandlerContext) {
        context.fireChannelActive()
        // Frames that came with the upgrade's reply.
        drain(context)
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        pending.writeBuffer(&bytes)
        drain(context)
    }

    private func drain(_ context: ChannelHandlerContext) {
        while let bytes = pending.getBytes(at: pending.readerIndex, length: 8) {
            guard let (stream, length) = FrameDemultiplexer.header(bytes) else {
                context.fireErrorCaught(NotMultiplexed())
                context.close(promise: nil)
                return
            }
            guard pending.readableBytes >= 8 + length else { break }
            pending.moveReaderIndex(forwardBy: 8)
            guard let payload = pending.readSlice(length: length) else { break }
            switch stream {
            case 1: context.fireChannelRead(wrapInboundOut(payload))
            case 2: stderr?.append(payload)
            default: break
            }
        }
        if pending.readableBytes == 0 {
            pending.clear()
        } else if pending.readerIndex >= 64 * 1024 {
            pending.discardReadBytes()
        }
    }
}

/// A container's stderr log: appended to in order on a queue of its own, so that the event loop never waits for the
/// disk; closed when the last holder is gone.
final class ContainerStderrLog: Sendable {
    private let fd: Int32
    private let queue = DispatchQueue(label: "hivekeep.container-stderr")

    init(path: String) throws {
        fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw UnixSocket.failure("open the stderr log \(path)", errno: errno) }
    }

    deinit { close(fd) }

    /// Returns once every append made before the call is written.
    func flushed() async {
        await withCheckedContinuation { continuation in queue.async { continuation.resume() } }
    }

    func append(_ buffer: ByteBuffer) {
        let bytes = Array(buffer.readableBytesView)
        queue.async { [self] in
            var offset = 0
            while offset < bytes.count {
                let written = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return }
                offset += written
            }
        }
    }
}
