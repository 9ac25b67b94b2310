import NIOCore
import NIOHTTP1

/// Puts a ``FastPostHandler`` right after NIO's HTTP/1 decoding in a Hummingbird connection pipeline, then leaves.
///
/// Hummingbird adds its extra handlers after its own HTTP-types conversion; the fast path speaks NIOHTTP1's parts,
/// so this handler moves it in front of that conversion. Without the expected decoder the pipeline stays as it was.
final class FastPathInstaller: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny
    let core: BridgeCore
    let guardian: RequestGuard

    init(core: BridgeCore, guardian: RequestGuard) {
        self.core = core
        self.guardian = guardian
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let operations = context.pipeline.syncOperations
        if let decoder = try? operations.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self) {
            let anchor: any ChannelHandler =
                (try? operations.handler(type: HTTPServerProtocolErrorHandler.self)) ?? decoder
            try? operations.addHandler(FastPostHandler(core: core, guardian: guardian), position: .after(anchor))
        }
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }
}
