import Foundation

/// Prints the figures of every leg and the ratios issue 5 aims for.
struct ReportTable {
    /// Every round's results, legs in the same order in each round.
    let rounds: [[LegResult]]

    /// Each leg's median round by throughput (a failed leg only when every round failed).
    var results: [LegResult] {
        (rounds.first ?? []).indices.map { index in
            let legs = rounds.compactMap { index < $0.count ? $0[index] : nil }
            let measured = legs.filter { $0.failure == nil }.sorted { $0.callsPerSecond < $1.callsPerSecond }
            return measured.isEmpty ? legs[0] : measured[measured.count / 2]
        }
    }

    /// The lowest and highest throughput of a leg over the rounds.
    private func spread(_ leg: LegResult) -> String {
        var values: [Double] = []
        for round in rounds {
            for other in round where other.failure == nil && other.server == leg.server {
                if other.path == leg.path && other.sessions == leg.sessions { values.append(other.callsPerSecond) }
            }
        }
        guard values.count > 1, let low = values.min(), let high = values.max() else { return "" }
        return " | " + format(low, 0) + "-" + format(high, 0)
    }

    func printTable() {
        print("")
        let ranges = rounds.count > 1 ? " | calls/s range over rounds" : ""
        print("server | path      | sessions | calls/s  | p50 ms  | p99 ms  | calls  | errors | client CPU" + ranges)
        print("-------|-----------|----------|----------|---------|---------|--------|--------|-----------")
        let results = self.results
        for result in results {
            if let failure = result.failure {
                print(
                    "\(pad(result.server, 6)) | \(pad(result.path, 9)) | \(pad("\(result.sessions)", 8)) | FAILED: \(failure.prefix(200).split(separator: "\n").joined(separator: " "))"
                )
                continue
            }
            let columns = [
                pad(result.server, 6), pad(result.path, 9), pad("\(result.sessions)", 8),
                pad(format(result.callsPerSecond, 1), 8), pad(format(result.percentile(0.5), 3), 7),
                pad(format(result.percentile(0.99), 3), 7), pad("\(result.completed)", 6), pad("\(result.errors)", 6),
                format(result.clientCPU * 100, 0) + "% of a core",
            ]
            print(columns.joined(separator: " | ") + spread(result))
        }
        print("")
        print("targets (issue 5)")
        ratio("time, 1 session: HiveKeep / mcp-proxy throughput", "time", 1, "hivekeep", "mcp-proxy", aim: 3)
        ratio("time, 16 sessions: HiveKeep / raw stdio throughput", "time", 16, "hivekeep", "raw*", aim: 0.8)
        ratio("echo, 16 sessions: HiveKeep / mcp-proxy throughput", "echo", 16, "hivekeep", "mcp-proxy", aim: 10)
        if let hivekeep = find("echo", 16, "hivekeep"), let raw = find("echo", 16, "raw*") {
            let added = hivekeep.percentile(0.5) - raw.percentile(0.5)
            let met = added < 0.2 ? "met" : "MISSED"
            print(
                "- echo, 16 sessions: HiveKeep p50 - \(raw.path) p50 = \(format(added, 3)) ms (aim < 0.2 ms): \(met)")
        }
        print("  (raw stdio = the faster of the two raw legs: `raw` session era, `raw-2026` the 2026-07-28 era)")
        // Informative, not targets: the same ratios on the other server and session count.
        print("other ratios (informative)")
        for server in ["time", "echo"] {
            for sessions in [1, 16] {
                guard let hivekeep = find(server, sessions, "hivekeep") else { continue }
                var parts: [String] = []
                for raw in ["raw", "raw-2026"] {
                    guard let leg = find(server, sessions, raw) else { continue }
                    parts.append("HiveKeep/\(raw) \(format(hivekeep.callsPerSecond / leg.callsPerSecond, 2))")
                    parts.append("p50 over \(raw) \(format(hivekeep.percentile(0.5) - leg.percentile(0.5), 3)) ms")
                }
                if let proxy = find(server, sessions, "mcp-proxy") {
                    parts.append("HiveKeep/mcp-proxy \(format(hivekeep.callsPerSecond / proxy.callsPerSecond, 2))")
                }
                print("- \(server), \(sessions) session(s): " + parts.joined(separator: ", "))
            }
        }
    }

    private func ratio(_ label: String, _ server: String, _ sessions: Int, _ top: String, _ bottom: String, aim: Double)
    {
        guard let numerator = find(server, sessions, top), let denominator = find(server, sessions, bottom),
            denominator.callsPerSecond > 0
        else {
            print("- \(label): not measured")
            return
        }
        let value = numerator.callsPerSecond / denominator.callsPerSecond
        let against = bottom == "raw*" ? " [\(denominator.path)]" : ""
        print(
            "- \(label)\(against) = \(format(value, 2)) (aim >= \(format(aim, 1))): \(value >= aim ? "met" : "MISSED")")
    }

    /// The leg for `path`; `raw*` is the faster of the two raw stdio legs.
    private func find(_ server: String, _ sessions: Int, _ path: String) -> LegResult? {
        if path == "raw*" {
            return [find(server, sessions, "raw"), find(server, sessions, "raw-2026")].compactMap { $0 }
                .max { $0.callsPerSecond < $1.callsPerSecond }
        }
        return results.first { $0.server == server && $0.sessions == sessions && $0.path == path && $0.failure == nil }
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    private func format(_ value: Double, _ digits: Int) -> String {
        value.isNaN ? "-" : String(format: "%.\(digits)f", value)
    }
}
