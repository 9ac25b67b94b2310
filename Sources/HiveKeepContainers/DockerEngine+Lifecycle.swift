import Foundation
import NIOHTTP1

extension DockerEngine {
    public func start(id: String) async throws {
        try await requireOurs(id)
        // 304: already running.
        _ = try await http.call(.POST, "/containers/\(EngineHTTP.segment(id))/start")
    }

    /// Waits (without a time limit) until the container is not running; call it after ``start(id:)``: a container
    /// that was only created counts as not running.
    ///
    /// Docker's `/wait` is event-driven. Podman's compatible `/wait` (4.x) polls the container's state with a
    /// one-nanosecond interval, a busy loop in the engine for as long as the container runs: on two cores it made
    /// each stdio call through the attach 3-5 times slower. On Podman the native `libpod` wait is used instead, which
    /// takes the polling interval as a parameter (``podmanWaitInterval``).
    public func wait(id: String) async throws -> Int {
        try await requireOurs(id)
        let path = "/containers/\(EngineHTTP.segment(id))/wait"
        if engineInfo.product == "podman" {
            let native = EngineHTTP(socketPath: endpoint.socketPath, prefix: "/v\(engineInfo.version)/libpod")
            let query = [("condition", "stopped"), ("condition", "exited"), ("interval", Self.podmanWaitInterval)]
            return try await native.decode(Int.self, .POST, path, query: query, timeout: nil)
        }
        return try await http.decode(DockerReply.Waited.self, .POST, path, timeout: nil).statusCode
    }

    /// How often Podman looks at a waited-for container's state: the most a container's exit can go unnoticed.
    static let podmanWaitInterval = "1s"

    public func stop(id: String, grace: Duration) async throws {
        try await requireOurs(id)
        let seconds = max(0, Int(grace.components.seconds))
        _ = try await http.call(
            .POST, "/containers/\(EngineHTTP.segment(id))/stop", query: [("t", "\(seconds)")],
            timeout: grace + .seconds(60))
    }

    /// Removes the container and its anonymous volumes; a container that is already gone is not an error.
    public func remove(id: String) async throws {
        guard try await inspect(id: id) != nil else { return }
        do {
            _ = try await http.call(
                .DELETE, "/containers/\(EngineHTTP.segment(id))", query: [("force", "1"), ("v", "1")])
        } catch ContainerEngineError.engine(status: 404, _) {
            return
        }
    }

    /// The state of one of HiveKeep's containers; nil when it does not exist, ``ContainerEngineError/notOurs(_:)``
    /// when it is not HiveKeep's.
    public func inspect(id: String) async throws -> ContainerState? {
        guard let reply = try await inspectReply(id) else { return nil }
        guard reply.labels[ContainerLabels.managed] == "true" else { throw ContainerEngineError.notOurs(id) }
        return ContainerState(
            id: reply.id, running: reply.state.running, status: reply.state.status, exitCode: reply.state.exitCode,
            hostPort: reply.hostPort, labels: reply.labels)
    }

    public func list(workload: String?) async throws -> [ContainerSummary] {
        var labels = ["\(ContainerLabels.managed)=true"]
        if let workload { labels.append("\(ContainerLabels.workload)=\(workload)") }
        let filters = String(decoding: try JSONEncoder().encode(["label": labels]), as: UTF8.self)
        let listed = try await http.decode(
            [DockerReply.Listed].self, .GET, "/containers/json", query: [("all", "1"), ("filters", filters)])
        return listed.compactMap { item in
            let labels = item.labels ?? [:]
            // The filter is the engine's; the label check is ours.
            guard labels[ContainerLabels.managed] == "true" else { return nil }
            return ContainerSummary(
                id: item.id, workload: labels[ContainerLabels.workload] ?? "", running: item.state == "running",
                labels: labels)
        }
    }

    /// The last `tail` lines of stdout and stderr, interleaved as the engine stored them.
    public func logs(id: String, tail: Int) async throws -> String {
        try await requireOurs(id)
        let reply = try await http.call(
            .GET, "/containers/\(EngineHTTP.segment(id))/logs",
            query: [("stdout", "1"), ("stderr", "1"), ("tail", "\(max(0, tail))")])
        var frames = FrameDemultiplexer()
        frames.append(Array(reply.body))
        var text: [UInt8] = []
        while let frame = frames.next() { text.append(contentsOf: frame.payload) }
        // A TTY container's log is not framed; ours never are TTYs, but say what the engine sent rather than nothing.
        if frames.invalid { return String(decoding: reply.body, as: UTF8.self) }
        return String(decoding: text, as: UTF8.self)
    }

    func inspectReply(_ id: String) async throws -> DockerReply.Inspected? {
        do {
            return try await http.decode(DockerReply.Inspected.self, .GET, "/containers/\(EngineHTTP.segment(id))/json")
        } catch ContainerEngineError.engine(status: 404, _) {
            return nil
        }
    }

    /// Throws ``ContainerEngineError/notOurs(_:)`` unless the container carries HiveKeep's label (a missing one is
    /// left to the action itself, which reports the engine's 404).
    func requireOurs(_ id: String) async throws {
        if let reply = try await inspectReply(id), reply.labels[ContainerLabels.managed] != "true" {
            throw ContainerEngineError.notOurs(id)
        }
    }
}
