import NIOCore
import NIOPosix

@testable import HiveKeepContainers

/// The test side of an attachment, through the same demultiplexer as the proxy's bridge: the container's stdout as
/// lines (ending at end of file), its stdin by ``send(_:)``.
struct AttachClient {
    let channel: any Channel
    let lines: AsyncStream<String>

    init(_ streams: any ContainerStreams) async throws {
        let (lines, continuation) = AsyncStream.makeStream(of: String.self)
        self.lines = lines
        channel = try await NIOPipeBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(streams.makeDemultiplexer())
                    try channel.pipeline.syncOperations.addHandler(LineCollector(continuation))
                }
            }
            .takingOwnershipOfDescriptor(inputOutput: streams.socket)
            .get()
    }

    /// Writes `text` to the container's stdin; false when the connection is gone.
    func send(_ text: String) async -> Bool {
        do {
            try await channel.writeAndFlush(ByteBuffer(string: text))
            return true
        } catch {
            return false
        }
    }

    func close() async {
        try? await channel.close()
    }
}

/// Splits stdout into lines for ``AttachClient``; the stream ends when the channel does.
private final class LineCollector: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    private var partial: [UInt8] = []
    private let continuation: AsyncStream<String>.Continuation

    init(_ continuation: AsyncStream<String>.Continuation) { self.continuation = continuation }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        for byte in unwrapInboundIn(data).readableBytesView {
            if byte == UInt8(ascii: "\n") {
                continuation.yield(String(decoding: partial, as: UTF8.self))
                partial = []
            } else {
                partial.append(byte)
            }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if !partial.isEmpty { continuation.yield(String(decoding: partial, as: UTF8.self)) }
        continuation.finish()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
