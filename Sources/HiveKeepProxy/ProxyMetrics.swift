import Synchronization

/// One workload's proxy counters: MCP requests by method and outcome, and their latency, counted with relaxed
/// atomics so that the hot path takes no lock. The runner publishes a ``Snapshot`` now and then; the API server
/// renders it for `GET /metrics` (docs/metrics.md).
///
/// The method label is one of ``methods`` (a fixed set: anything else counts as `other`, so a client cannot grow
/// it). Outcomes: `ok` (forwarded or answered; a JSON-RPC error that the MCP server returns is still `ok` for the
/// proxy), `error` (the proxy answered with a failure: no upstream, timeout, invalid message) and `denied` (refused
/// by the tool policy, or a request without a valid credential, counted under method `none`).
public final class ProxyMetrics: @unchecked Sendable {
    /// How a request ended.
    public enum Outcome: Int, Sendable, CaseIterable {
        case ok, error, denied

        /// `ok` for a reply, `error` for a failure.
        public init<Value>(_ result: Result<Value, any Error>) {
            if case .success = result { self = .ok } else { self = .error }
        }

        /// The label value.
        public var label: String {
            switch self {
            case .ok: "ok"
            case .error: "error"
            case .denied: "denied"
            }
        }
    }

    /// The method labels: the MCP methods a client sends, `notification` (any `notifications/…`), `response` (a
    /// client's answer to a server request), `none` (refused before its body was read) and `other`.
    public static let methods = [
        "initialize", "ping", "tools/list", "tools/call", "resources/list", "resources/templates/list",
        "resources/read", "resources/subscribe", "resources/unsubscribe", "prompts/list", "prompts/get",
        "completion/complete", "logging/setLevel", "server/discover", "subscriptions/listen", "notification",
        "response", "none", "other",
    ]
    static let methodIndex = Dictionary(uniqueKeysWithValues: methods.enumerated().map { ($1, $0) })

    /// Upper bounds of the latency buckets, in seconds (a last `+Inf` bucket follows).
    public static let bucketBounds: [Double] = [
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60,
    ]
    static let boundNanoseconds = bucketBounds.map { Int($0 * 1e9) }

    private let counters: UnsafeMutablePointer<Atomic<Int>>
    private let latency: UnsafeMutablePointer<Atomic<Int>>
    private let totalNanoseconds = Atomic<Int>(0)

    public init() {
        counters = .allocate(capacity: Self.methods.count * Outcome.allCases.count)
        for index in 0..<(Self.methods.count * Outcome.allCases.count) { (counters + index).initialize(to: Atomic(0)) }
        latency = .allocate(capacity: Self.bucketBounds.count + 1)
        for index in 0...Self.bucketBounds.count { (latency + index).initialize(to: Atomic(0)) }
    }

    deinit {
        counters.deinitialize(count: Self.methods.count * Outcome.allCases.count)
        counters.deallocate()
        latency.deinitialize(count: Self.bucketBounds.count + 1)
        latency.deallocate()
    }

    /// The label of a JSON-RPC method (nil: a response).
    static func label(of method: String?) -> Int {
        guard let method else { return methodIndex["response"]! }
        if let index = methodIndex[method], method != "none", method != "response", method != "notification" {
            return index
        }
        return methodIndex[method.hasPrefix("notifications/") ? "notification" : "other"]!
    }

    /// Counts one request; its latency too when `started` is given.
    public func record(method: String?, outcome: Outcome, started: ContinuousClock.Instant?) {
        let index = Self.label(of: method) * Outcome.allCases.count + outcome.rawValue
        counters[index].wrappingAdd(1, ordering: .relaxed)
        guard let started else { return }
        let (seconds, attoseconds) = (ContinuousClock.now - started).components
        let nanoseconds = Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)
        var bucket = 0
        while bucket < Self.boundNanoseconds.count, nanoseconds > Self.boundNanoseconds[bucket] { bucket += 1 }
        latency[bucket].wrappingAdd(1, ordering: .relaxed)
        totalNanoseconds.wrappingAdd(nanoseconds, ordering: .relaxed)
    }

    /// Counts a request refused for want of a valid credential (method `none`, outcome `denied`).
    public func recordUnauthenticated() {
        counters[Self.methodIndex["none"]! * Outcome.allCases.count + Outcome.denied.rawValue]
            .wrappingAdd(1, ordering: .relaxed)
    }

    func counts(_ index: Int) -> Int { counters[index].load(ordering: .relaxed) }
    func bucket(_ index: Int) -> Int { latency[index].load(ordering: .relaxed) }
    var sumNanoseconds: Int { totalNanoseconds.load(ordering: .relaxed) }

    /// Starts timing a request of `method`.
    public func probe(_ method: String?) -> Probe { Probe(metrics: self, method: method, started: .now) }

    /// A request being timed: ``finish(_:)`` counts it once.
    public struct Probe: Sendable {
        let metrics: ProxyMetrics
        let method: String?
        let started: ContinuousClock.Instant

        /// Counts the request with `outcome` and the time since the probe started.
        public func finish(_ outcome: Outcome) {
            metrics.record(method: method, outcome: outcome, started: started)
        }
    }
}

extension MCPDispatcher.Outcome {
    /// Whether the bridge answered by itself (nothing went upstream).
    var isReply: Bool {
        if case .reply = self { return true }
        return false
    }
}
