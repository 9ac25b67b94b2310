/// Reading the counters of ``ProxyMetrics`` at one moment.
extension ProxyMetrics {
    /// The counters at one moment. Each counter only grows while the proxy lives.
    public struct Snapshot: Sendable, Hashable {
        /// The non-zero request counts.
        public var requests: [Request]
        /// Requests per latency bucket, cumulative (`le` semantics): one entry per ``bucketBounds`` and a last one
        /// for `+Inf` (the count of every timed request).
        public var cumulativeBuckets: [Int]
        /// The total latency of the timed requests, in seconds.
        public var sumSeconds: Double

        /// One method and outcome and its count.
        public struct Request: Sendable, Hashable {
            public var method: String
            public var outcome: String
            public var count: Int
        }
    }

    /// The counters now (read one by one: a request counted meanwhile may show in one and not yet in another).
    public func snapshot() -> Snapshot {
        var requests: [Snapshot.Request] = []
        for (methodIndex, method) in Self.methods.enumerated() {
            for outcome in Outcome.allCases {
                let count = counts(methodIndex * Outcome.allCases.count + outcome.rawValue)
                if count > 0 { requests.append(.init(method: method, outcome: outcome.label, count: count)) }
            }
        }
        var cumulative: [Int] = []
        var running = 0
        for index in 0...Self.bucketBounds.count {
            running += bucket(index)
            cumulative.append(running)
        }
        return Snapshot(requests: requests, cumulativeBuckets: cumulative, sumSeconds: Double(sumNanoseconds) / 1e9)
    }
}
