/// What one leg measured: completed tools/calls in the measuring window and their latencies.
struct LegResult: Sendable {
    let server: String
    let path: String
    let sessions: Int
    let completed: Int
    let errors: Int
    let seconds: Double
    /// Sorted latencies in nanoseconds.
    let latencies: [UInt64]
    /// The load generator's own CPU time over the leg, as a share of one core.
    let clientCPU: Double
    /// Why the leg could not run, when it could not.
    let failure: String?

    init(
        server: String, path: String, sessions: Int, latencies: [UInt64], errors: Int, seconds: Double,
        clientCPU: Double, failure: String? = nil
    ) {
        self.server = server
        self.path = path
        self.sessions = sessions
        self.latencies = latencies.sorted()
        self.completed = latencies.count
        self.errors = errors
        self.seconds = seconds
        self.clientCPU = clientCPU
        self.failure = failure
    }

    static func failed(server: String, path: String, sessions: Int, _ reason: String) -> LegResult {
        LegResult(
            server: server, path: path, sessions: sessions, latencies: [], errors: 0, seconds: 0, clientCPU: 0,
            failure: reason)
    }

    var callsPerSecond: Double { seconds > 0 ? Double(completed) / seconds : 0 }

    /// The latency at `fraction` (0.5 for p50) in milliseconds.
    func percentile(_ fraction: Double) -> Double {
        guard !latencies.isEmpty else { return .nan }
        let index = min(latencies.count - 1, Int(Double(latencies.count) * fraction))
        return Double(latencies[index]) / 1e6
    }
}

/// Collects what each worker measured: latencies of calls completed in the window, and failed calls.
final class LegRecorder {
    private(set) var latencies: [UInt64] = []
    private(set) var errors = 0
    let window: LoadWindow

    init(window: LoadWindow, capacity: Int = 1 << 16) {
        self.window = window
        latencies.reserveCapacity(capacity)
    }

    func completed(sentAt: UInt64, at now: UInt64, ok: Bool) {
        guard now >= window.measureStart, now < window.end else { return }
        if ok { latencies.append(now - sentAt) } else { errors += 1 }
    }

    func failed() { errors += 1 }
}
