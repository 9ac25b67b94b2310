/// Leg (a): the load generator starts the server itself and speaks newline-delimited JSON-RPC to it, with
/// `sessions` requests in flight at all times (each slot sends its next call as soon as its reply arrives).
struct StdioLoad {
    let server: BenchServer
    let sessions: Int
    /// Whether to speak the 2026-07-28 era (the `_meta` envelope on every call, as HiveKeep's bridge does upstream
    /// when the server supports it) or the session era (`initialize` first).
    let stateless: Bool
    /// Whether requests that become due together (replies read in one go) are written in one `write`; when false,
    /// each request is its own write, as requests from independent clients arrive through a proxy.
    let batched: Bool
    let environment: [String: String]
    let logDirectory: String

    /// Starts the server, completes the handshake, then runs the warm-up and the measuring window.
    func run(warmUpSeconds: Double, durationSeconds: Double) throws -> (LegRecorder, Double) {
        let child = try PipedChild(
            server.command, server.arguments, environment: environment,
            errorLog: "\(logDirectory)/raw-\(server.name)-\(sessions).err")
        defer { child.kill() }
        var reader = LineReader(fd: child.output)
        try handshake(child, &reader)

        let window = LoadWindow(warmUpSeconds: warmUpSeconds, durationSeconds: durationSeconds)
        let recorder = LegRecorder(window: window)
        let (prefix, suffix) = server.messages.callParts(stateless: stateless)
        var sentAt = [UInt64](repeating: 0, count: sessions)
        var nextID = 100
        var outstanding = 0
        let cpuBefore = Monotonic.processCPU()
        let started = Monotonic.now()
        var batch: [UInt8] = []
        func send(slot: Int, now: UInt64) {
            // Ids encode their slot: id = sequence * sessions + slot.
            let id = nextID * sessions + slot
            nextID += 1
            batch += prefix
            batch += Array(String(id).utf8)
            batch += suffix
            batch.append(0x0A)
            sentAt[slot] = now
            outstanding += 1
        }
        for slot in 0..<sessions { send(slot: slot, now: Monotonic.now()) }
        try child.write(batch)
        batch.removeAll(keepingCapacity: true)
        while outstanding > 0 {
            try reader.readLines { line in
                guard let id = MessageID.integer(in: line), id >= 100 * sessions else { return }
                let now = Monotonic.now()
                let slot = id % sessions
                outstanding -= 1
                recorder.completed(sentAt: sentAt[slot], at: now, ok: line.containsBytes(HTTPSession.resultKey))
                if now < window.end { send(slot: slot, now: now) }
                if !batched, !batch.isEmpty {
                    try child.write(batch)
                    batch.removeAll(keepingCapacity: true)
                }
            }
            if !batch.isEmpty {
                try child.write(batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        let elapsed = Double(Monotonic.now() - started)
        return (recorder, Double(Monotonic.processCPU() - cpuBefore) / elapsed)
    }

    private func handshake(_ child: PipedChild, _ reader: inout LineReader) throws {
        var answered = false
        try child.write((stateless ? MCPMessages.discover(id: 1) : MCPMessages.initialize(id: 1)) + [0x0A])
        while !answered {
            try reader.readLines { line in
                if MessageID.integer(in: line) == 1 {
                    guard line.containsBytes(HTTPSession.resultKey) else {
                        throw BenchmarkError(
                            "\(server.name) refused the handshake: \(String(decoding: line, as: UTF8.self))")
                    }
                    answered = true
                }
            }
        }
        if !stateless { try child.write(MCPMessages.initialized + [0x0A]) }
    }
}
