import HiveKeepRuntime
import Testing

@Suite struct RestartPolicyTests {
    let policy = RestartPolicy(
        initialDelay: .milliseconds(100), maxDelay: .seconds(1), maxAttempts: 5, stableAfter: .seconds(10))

    @Test("delays double from the initial delay, stop at the maximum, and give up after the last attempt")
    func delays() {
        let delays = (1...6).map { policy.delay(afterFailure: $0) }
        #expect(
            delays == [
                .milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800), .seconds(1), nil,
            ])
    }

    @Test("without a maximum number of attempts the delay stays at the cap")
    func unlimited() {
        let forever = RestartPolicy(
            initialDelay: .seconds(1), maxDelay: .seconds(30), maxAttempts: nil, stableAfter: .seconds(5))
        #expect(forever.delay(afterFailure: 1000) == .seconds(30))
    }

    @Test("a run longer than stableAfter resets the failure count")
    func trackerResets() {
        var tracker = RestartTracker(policy: policy)
        #expect(tracker.recordExit(runDuration: .seconds(1)) == .milliseconds(100))
        #expect(tracker.recordExit(runDuration: .seconds(1)) == .milliseconds(200))
        #expect(tracker.recordExit(runDuration: .seconds(1)) == .milliseconds(400))
        #expect(tracker.recordExit(runDuration: .seconds(11)) == .milliseconds(100))
        #expect(tracker.consecutiveFailures == 1)
    }
}
