import Logging
import NIOCore

#if canImport(Glibc)
    import Glibc
#endif

/// Splits the server's stdout into lines (newline-delimited JSON-RPC); a line longer than the limit closes the
/// channel rather than growing without bound.
struct LineFrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = ByteBuffer
    let maxLength: Int
    private var scanned = 0

    init(maxLength: Int) { self.maxLength = maxLength }

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        let start = scanned
        let found: Int? = buffer.withUnsafeReadableBytes { bytes in
            guard bytes.count > start, let base = bytes.baseAddress else { return nil }
            guard let hit = memchr(base + start, 0x0A, bytes.count - start) else { return nil }
            return base.distance(to: UnsafeRawPointer(hit))
        }
        guard let length = found else {
            scanned = buffer.readableBytes
            if scanned > maxLength { throw LineTooLong() }
            return .needMoreData
        }
        scanned = 0
        guard let line = buffer.readSlice(length: length) else { return .needMoreData }
        buffer.moveReaderIndex(forwardBy: 1)
        context.fireChannelRead(Self.wrapInboundOut(line))
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws
        -> DecodingState
    {
        try decode(context: context, buffer: &buffer)
    }

    struct LineTooLong: Error {}
}

/// Hands each line to the bridge core and reports the end of the server's output.
final class UpstreamLineHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    let core: BridgeCore
    let generation: UInt64

    init(core: BridgeCore, generation: UInt64) {
        self.core = core
        self.generation = generation
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var line = Self.unwrapInboundIn(data)
        guard let bytes = line.readBytes(length: line.readableBytes), !bytes.isEmpty else { return }
        core.receive(bytes)
    }

    func channelInactive(context: ChannelHandlerContext) {
        core.dropUpstream(reason: "the MCP server closed its output", generation: generation)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        core.logger.warning("MCP server pipe failed", metadata: ["proxy.error": "\(error)"])
        context.close(promise: nil)
    }
}
