import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// The loopback redirect target of one authorization code flow: an HTTP/1 listener on 127.0.0.1 (the
/// `callback_port`, or a free port) that lives only as long as the flow. It answers the browser with a short page
/// and hands the redirect to ``wait(for:)``, then closes.
public final class CallbackListener: Sendable {
    /// The path the authorization server redirects to.
    public static let callbackPath = "/callback"

    /// The port the listener is bound to.
    public let port: Int
    private let channel: any Channel
    private let targets: AsyncStream<String>

    /// The redirect URI to register and send: `http://127.0.0.1:PORT/callback`.
    public var redirectURI: String { "http://127.0.0.1:\(port)\(Self.callbackPath)" }

    private init(channel: any Channel, port: Int, targets: AsyncStream<String>) {
        self.channel = channel
        self.port = port
        self.targets = targets
    }

    /// Binds 127.0.0.1:`port` (0: a free port).
    ///
    /// - Throws: ``OAuthError/refused(_:)`` when the port cannot be bound (in use, or not allowed).
    public static func start(
        port: Int = 0, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws(OAuthError) -> CallbackListener {
        let (targets, continuation) = AsyncStream.makeStream(of: String.self)
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMap {
                    channel.pipeline.addHandler(CallbackHandler(continuation: continuation))
                }
            }
        do {
            let channel = try await bootstrap.bind(host: "127.0.0.1", port: port).get()
            guard let bound = channel.localAddress?.port else {
                try? await channel.close()
                throw OAuthError.refused("the callback listener has no port")
            }
            channel.closeFuture.whenComplete { _ in continuation.finish() }
            return CallbackListener(channel: channel, port: bound, targets: targets)
        } catch let error as OAuthError {
            throw error
        } catch {
            throw .refused(
                "cannot listen for the sign-in callback on 127.0.0.1:\(port): \(OAuthClient.describe(error))")
        }
    }

    /// Waits for the browser's redirect, checks it against `request` and closes the listener (whatever the
    /// outcome). Cancelling the task closes the listener too.
    ///
    /// - Throws: ``OAuthError/callbackRejected(_:)`` for an `error` answer or a state that is not this flow's.
    public func wait(for request: AuthorizationRequest) async throws(OAuthError) -> AuthorizationCompletion {
        let outcome: Result<AuthorizationCompletion, OAuthError>? = await withTaskCancellationHandler {
            for await target in targets {
                return Result { () throws(OAuthError) in
                    try request.completion(fromRedirect: "http://127.0.0.1:\(port)\(target)")
                }
            }
            return nil
        } onCancel: {
            close()
        }
        try? await channel.close()
        guard let outcome else {
            throw .callbackRejected("the sign-in was abandoned before the browser came back")
        }
        return try outcome.get()
    }

    /// Stops listening (idempotent).
    public func close() {
        channel.close(promise: nil)
    }
}

/// Answers each request: the callback (a request with `code` or `error`) gets a closing page and is handed on;
/// anything else (a favicon) gets 404.
private final class CallbackHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let continuation: AsyncStream<String>.Continuation

    init(continuation: AsyncStream<String>.Continuation) {
        self.continuation = continuation
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(let head) = unwrapInboundIn(data) else { return }
        let path = head.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? ""
        let query = head.uri.split(separator: "?", maxSplits: 1).dropFirst().first.map(String.init) ?? ""
        let names = Set(FormEncoding.decode(query).map(\.0))
        let isCallback = path == CallbackListener.callbackPath && (names.contains("code") || names.contains("error"))
        let page =
            isCallback
            ? names.contains("error")
                ? "Sign-in was not completed. You can close this window and look at HiveKeep for the reason."
                : "HiveKeep received the sign-in. You can close this window."
            : "Not found."
        let body = "<!doctype html><html><head><title>HiveKeep</title></head><body><p>\(page)</p></body></html>\n"
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "text/html; charset=utf-8")
        headers.add(name: "Content-Length", value: "\(body.utf8.count)")
        headers.add(name: "Connection", value: "close")
        headers.add(name: "Cache-Control", value: "no-store")
        let status: HTTPResponseStatus = isCallback ? .ok : .notFound
        context.write(
            wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status, headers: headers))),
            promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: body)))), promise: nil)
        let target = head.uri
        let continuation = self.continuation
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in
            if isCallback { continuation.yield(target) }
        }
        context.close(promise: nil)
    }
}
