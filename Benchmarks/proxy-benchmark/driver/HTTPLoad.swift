import Foundation
import Synchronization

/// Legs (b) and (c): `sessions` clients on their own threads, each with its own session and connection and one
/// request in flight at a time, against a streamable-HTTP endpoint at 127.0.0.1:`port`/mcp.
struct HTTPLoad {
    let port: Int
    let messages: MCPMessages
    let sessions: Int
    /// Sent as `Authorization: Bearer` on every request when set.
    let token: String?

    func run(warmUpSeconds: Double, durationSeconds: Double) throws -> (latencies: [UInt64], errors: Int, cpu: Double) {
        // Open every session first so that the window measures calls only.
        var opened: [HTTPSession] = []
        for _ in 0..<sessions {
            let session = try HTTPSession(port: port, messages: messages, token: token)
            try session.open()
            opened.append(session)
        }
        let window = LoadWindow(warmUpSeconds: warmUpSeconds, durationSeconds: durationSeconds)
        let results = Mutex<(latencies: [UInt64], errors: Int, failure: String?)>(([], 0, nil))
        let group = DispatchGroup()
        let cpuBefore = Monotonic.processCPU()
        let started = Monotonic.now()
        for session in opened {
            let box = SessionBox(session)
            group.enter()
            let thread = Thread {
                defer { group.leave() }
                let recorder = LegRecorder(window: window)
                var failure: String?
                do {
                    while Monotonic.now() < window.end {
                        let sentAt = Monotonic.now()
                        let ok = try box.session.call()
                        recorder.completed(sentAt: sentAt, at: Monotonic.now(), ok: ok)
                    }
                } catch {
                    recorder.failed()
                    failure = "\(error)"
                }
                box.session.close()
                results.withLock {
                    $0.latencies += recorder.latencies
                    $0.errors += recorder.errors
                    if $0.failure == nil { $0.failure = failure }
                }
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        group.wait()
        let cpu = Double(Monotonic.processCPU() - cpuBefore) / Double(Monotonic.now() - started)
        let collected = results.withLock { $0 }
        if let failure = collected.failure, collected.latencies.isEmpty { throw BenchmarkError(failure) }
        return (collected.latencies, collected.errors, cpu)
    }
}

/// Hands a session to the one thread that uses it from then on.
private final class SessionBox: @unchecked Sendable {
    let session: HTTPSession
    init(_ session: HTTPSession) { self.session = session }
}
