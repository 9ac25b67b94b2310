import Dispatch
import Synchronization
import Testing

@testable import Keyring

/// The deadline, cancellation and pre-flight rules, without a Secret Service.
@Suite struct BlockingCallTests {
    static let logger = Keyring().logger

    /// Counts deinitialisations, to see that a late result is released.
    final class Tracked: Sendable {
        let released: Counter
        init(_ released: Counter) { self.released = released }
        deinit { released.value.withLock { $0 += 1 } }
    }

    final class Counter: Sendable {
        let value = Mutex(0)
    }

    @Test func aStuckCallTimesOutAndItsLateResultIsReleased() async throws {
        let gate = DispatchSemaphore(value: 0)
        let released = Counter()
        let finished = Counter()
        await #expect(throws: KeyringError.timeout) {
            _ = try await BlockingCall.run(operation: "test", deadline: .milliseconds(50), logger: Self.logger) {
                _ throws(KeyringError) in
                gate.wait()
                finished.value.withLock { $0 += 1 }
                return Tracked(released)
            }
        }
        #expect(finished.value.withLock { $0 } == 0)
        gate.signal()
        var attempts = 0
        while released.value.withLock({ $0 }) == 0, attempts < 500 {
            attempts += 1
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(finished.value.withLock { $0 } == 1)
        #expect(released.value.withLock { $0 } == 1)
    }

    @Test func aCancelledCallerIsResumedWithCancellationWhileTheCallIsStuck() async throws {
        let gate = DispatchSemaphore(value: 0)
        let task = Task {
            try await BlockingCall.run(operation: "test", deadline: .seconds(60), logger: Self.logger) {
                _ throws(KeyringError) in
                gate.wait()
                return 1
            }
        }
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        gate.signal()
    }

    @Test func aFastCallReturnsItsValueAndItsError() async throws {
        let value = try await BlockingCall.run(operation: "test", deadline: .seconds(5), logger: Self.logger) {
            _ throws(KeyringError) in 42
        }
        #expect(value == 42)
        await #expect(throws: KeyringError.locked) {
            try await BlockingCall.run(operation: "test", deadline: .seconds(5), logger: Self.logger) {
                _ throws(KeyringError) in throw .locked
            }
        }
    }

    @Test(arguments: [nil, ""] as [String?])
    func anUnsetOrEmptySessionBusAddressIsRefusedBeforeLibsecret(address: String?) async throws {
        let keyring = Keyring(environment: { _ in address })
        let item = KeyringItemAttributes(kind: .secret, store: "store", key: "key")
        await #expect(throws: KeyringError.noSessionBus) { _ = try await keyring.lookup(item) { _ in 0 } }
        await #expect(throws: KeyringError.noSessionBus) { try await keyring.store(item, label: "l", secret: [1]) }
        await #expect(throws: KeyringError.noSessionBus) { _ = try await keyring.search(kind: .secret, store: "s") }
        #expect(await keyring.status() == .unavailable(.noSessionBus))
    }
}
