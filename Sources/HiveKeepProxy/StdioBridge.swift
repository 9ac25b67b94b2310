import Foundation
import HiveKeepCore
import Logging
import NIOCore
import NIOPosix
import Synchronization

/// Holds the ONE upstream session with a stdio MCP server and multiplexes downstream clients onto it.
///
/// The actor serialises attach and detach; requests and replies go through a lock-guarded core without actor hops.
public actor StdioBridge {
    let core: BridgeCore
    private var sweeper: RepeatedTask?

    /// Creates a bridge with no upstream yet.
    public init(configuration: MCPProxyConfiguration, logger: Logger) {
        self.core = BridgeCore(configuration: configuration, logger: logger)
    }

    /// Takes ownership of the child's stdin (write end) and stdout (read end) file descriptors, initializes the
    /// upstream session when the server needs it, and returns once the server answered (throws on timeout/EOF).
    /// The era is chosen by `configuration.upstreamProtocol` (session era first by default).
    public func attach(writingTo input: Int32, readingFrom output: Int32, timeout: Duration) async throws {
        try await attach(timeout: timeout, framing: nil) { bootstrap in
            bootstrap.takingOwnershipOfDescriptors(input: output, output: input)
        }
    }

    /// Like ``attach(writingTo:readingFrom:timeout:)`` for a server reached over one socket that carries both
    /// directions (a container engine's attach connection). `framing` makes the first inbound handler, which turns
    /// the socket's bytes into the server's stdout (for an engine, by splitting its multiplexed frames); it runs on
    /// the bridge's event loop, so a message reaches the bridge without a hop through another thread.
    public func attach(
        socket: Int32, framing: @escaping @Sendable () throws -> any ChannelHandler, timeout: Duration
    ) async throws {
        try await attach(timeout: timeout, framing: framing) { bootstrap in
            bootstrap.takingOwnershipOfDescriptor(inputOutput: socket)
        }
    }

    private func attach(
        timeout: Duration, framing: (@Sendable () throws -> any ChannelHandler)?,
        descriptors: (NIOPipeBootstrap) -> EventLoopFuture<any Channel>
    ) async throws {
        core.dropUpstream(reason: "a new MCP server is being attached")
        let core = self.core
        let maxLength = core.limits.maxMessageBytes
        let generationBox = NIOLockedGeneration()
        // The pipe lives on the bridge's event loop, the same one that serves HTTP: no thread hop per message.
        let bootstrap = NIOPipeBootstrap(group: core.eventLoop)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let generation = core.install(channel)
                    generationBox.set(generation)
                    if let framing { try channel.pipeline.syncOperations.addHandler(try framing()) }
                    try channel.pipeline.syncOperations.addHandler(
                        ByteToMessageHandler(LineFrameDecoder(maxLength: maxLength)))
                    try channel.pipeline.syncOperations.addHandler(
                        UpstreamLineHandler(core: core, generation: generation))
                }
            }
        let channel = try await descriptors(bootstrap).get()
        do {
            let description = try await UpstreamHandshake(core: core).run(
                timeout: timeout, preference: core.configuration.upstreamProtocol)
            core.markReady(description)
        } catch {
            core.dropUpstream(reason: "the handshake failed", generation: generationBox.get())
            channel.close(promise: nil)
            throw HiveKeepError(.unavailable, "the MCP server did not answer its handshake", cause: error)
        }
        if sweeper == nil {
            sweeper = core.eventLoop.scheduleRepeatedTask(initialDelay: .seconds(1), delay: .seconds(1)) { _ in
                core.sweep()
            }
        }
        core.logger.info(
            "MCP server attached",
            metadata: ["proxy.era": "\(core.upstream?.era == .stateless ? "2026-07-28" : "session")"])
    }

    /// Forgets the current upstream (the child died): in-flight requests fail with a JSON-RPC error, downstream
    /// sessions stay; new requests wait (bounded) for the next attach or fail with a clear error.
    public func detach(reason: String) async {
        core.dropUpstream(reason: reason)
    }

    /// Whether an upstream is attached and initialized.
    public var isAttached: Bool { core.isReady }

    /// Stops the periodic sweep (call when the bridge is no longer used).
    public func shutdown() {
        sweeper?.cancel()
        sweeper = nil
        core.dropUpstream(reason: "the bridge shut down")
    }
}

/// The generation number of the channel being set up, passed out of the channel initializer.
final class NIOLockedGeneration: Sendable {
    private let value = Mutex<UInt64>(0)
    func set(_ generation: UInt64) { value.withLock { $0 = generation } }
    func get() -> UInt64 { value.withLock { $0 } }
}
