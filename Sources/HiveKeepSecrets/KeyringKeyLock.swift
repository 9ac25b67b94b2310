/// Serializes the check-then-write sequences of keyring providers in this process, one name at a time.
///
/// The Secret Service has no transactions: a create checks that the key is absent and then stores it, in two
/// D-Bus calls. This lock makes that sequence atomic among the providers of one process (so of two concurrent
/// creates of one key, one gets `.alreadyExists`); it cannot protect against another process writing the same item
/// between the two calls, where the last store wins.
actor KeyringKeyLock {
    /// The process-wide lock shared by every keyring provider.
    static let shared = KeyringKeyLock()

    private var held: Set<String> = []
    private var waiters: [String: [CheckedContinuation<Void, Never>]] = [:]

    /// Runs `body` while holding the lock for `name`; waiters are served in arrival order.
    nonisolated func withLock<T>(_ name: String, _ body: () async throws -> T) async throws -> T {
        await acquire(name)
        do {
            let result = try await body()
            await release(name)
            return result
        } catch {
            await release(name)
            throw error
        }
    }

    private func acquire(_ name: String) async {
        if held.insert(name).inserted {
            return
        }
        await withCheckedContinuation { waiters[name, default: []].append($0) }
    }

    private func release(_ name: String) {
        guard var queue = waiters[name], !queue.isEmpty else {
            held.remove(name)
            return
        }
        // The lock passes straight to the next waiter: `name` stays held.
        let next = queue.removeFirst()
        waiters[name] = queue.isEmpty ? nil : queue
        next.resume()
    }
}
