import Logging
import NIOCore
import NIOPosix
import Synchronization

/// The lock-guarded heart of a ``StdioBridge``: the upstream channel, the id map and the downstream sessions.
///
/// The hot path (forward a request, route a reply) takes the lock briefly and never hops actors; the actor
/// around it only serialises attach and detach.
final class BridgeCore: Sendable {
    let configuration: MCPProxyConfiguration
    let logger: Logger
    let state = Mutex(BridgeState())
    /// Lines waiting for the next coalesced write to the upstream.
    let outbox = Mutex(Outbox())
    let eventLoop: any EventLoop

    init(configuration: MCPProxyConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        self.eventLoop = MultiThreadedEventLoopGroup.singleton.next()
    }

    var limits: MCPProxyLimits { configuration.limits }

    struct Outbox {
        var lines: [[UInt8]] = []
        var scheduled = false
    }

    /// What the upstream said during the last handshake (kept across detach so sessions can be answered).
    var upstream: UpstreamDescription? { state.withLock { $0.upstream } }

    /// Whether an upstream is attached and initialized.
    var isReady: Bool { state.withLock { $0.ready } }

    /// Waits (at most `limits.reattachWait`) until an upstream is attached and initialized.
    func waitUntilReady() async throws(ProxyFailure) {
        let deadline = ContinuousClock.now + limits.reattachWait
        while !isReady {
            guard ContinuousClock.now < deadline else {
                throw .unavailable("the MCP server is not running (no upstream attached)")
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Writes one message line to `channel`; raw line breaks (only legal as whitespace in JSON) become spaces.
    func write(_ bytes: [UInt8], to channel: any Channel) {
        let line =
            bytes.contains(0x0A) || bytes.contains(0x0D) ? bytes.map { $0 == 0x0A || $0 == 0x0D ? 0x20 : $0 } : bytes
        // Coalesce: lines queued while a flush is pending go out in the same write (fewer wake-ups and syscalls
        // when many clients send at once).
        let schedule = outbox.withLock { outbox in
            outbox.lines.append(line)
            if outbox.scheduled { return false }
            outbox.scheduled = true
            return true
        }
        guard schedule else { return }
        channel.eventLoop.execute {
            let lines = self.outbox.withLock { outbox in
                outbox.scheduled = false
                defer { outbox.lines.removeAll(keepingCapacity: true) }
                return outbox.lines
            }
            var buffer = channel.allocator.buffer(capacity: lines.reduce(0) { $0 + $1.count + 1 })
            for line in lines {
                buffer.writeBytes(line)
                buffer.writeInteger(UInt8(0x0A))
            }
            channel.writeAndFlush(buffer, promise: nil)
        }
    }

    /// Writes to the current upstream, if any.
    func writeUpstream(_ bytes: [UInt8]) {
        guard let channel = state.withLock({ $0.channel }) else { return }
        write(bytes, to: channel)
    }

    // MARK: Upstream lifecycle

    /// Installs a new upstream channel (not ready until the handshake finished).
    func install(_ channel: any Channel) -> UInt64 {
        outbox.withLock { $0.lines.removeAll() }
        return state.withLock { state in
            state.generation += 1
            state.channel = channel
            state.ready = false
            return state.generation
        }
    }

    /// Marks the upstream ready with what it said about itself.
    func markReady(_ description: UpstreamDescription) {
        state.withLock { state in
            state.upstream = description
            state.ready = true
        }
    }

    /// Forgets the upstream: fails everything in flight with a JSON-RPC error and closes the channel.
    /// With `generation`, only when that upstream is still the current one.
    func dropUpstream(reason: String, generation: UInt64? = nil) {
        let taken: (channel: (any Channel)?, pending: [PendingRequest])? = state.withLock { state in
            if let generation, generation != state.generation { return nil }
            let channel = state.channel
            let pending = Array(state.pending.values)
            state.channel = nil
            state.ready = false
            state.pending = [:]
            state.totalInFlight = 0
            state.serverRequests = [:]
            for key in state.sessions.keys { state.sessions[key]?.inFlight = 0 }
            return (channel, pending)
        }
        guard let taken else { return }
        if taken.channel != nil {
            logger.info(
                "MCP server detached",
                metadata: ["proxy.reason": "\(reason)", "proxy.failed": "\(taken.pending.count)"])
        }
        let failure = ProxyFailure.unavailable("the MCP server went away: \(reason)")
        for pending in taken.pending {
            deliver(failure.response(id: pending.originalID), to: pending.sink, session: pending.session, final: true)
        }
        taken.channel?.close(promise: nil)
    }
}
