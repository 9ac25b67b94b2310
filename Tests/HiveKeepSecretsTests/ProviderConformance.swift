import Foundation
import HiveKeepCore
import HiveKeepSecrets
import Sodium
import Synchronization
import Testing

/// Audit events kept in memory, for checking what a provider recorded; can be made to fail like a full disk.
final class RecordingAuditRecorder: AuditRecorder {
    struct Refused: Error {}

    private let state = Mutex<(events: [AuditEvent], failing: Bool)>(([], false))

    /// Every event recorded so far, in order.
    var events: [AuditEvent] { state.withLock { $0.events } }

    /// While `failing` is true, `record` throws and keeps nothing.
    func setFailing(_ failing: Bool) {
        state.withLock { $0.failing = failing }
    }

    func record(_ event: AuditEvent) throws {
        try state.withLock { (state) throws(Refused) in
            guard !state.failing else { throw Refused() }
            state.events.append(event)
        }
    }
}

/// One kind of provider under the conformance suite: how to build a fresh, isolated instance holding given secrets.
struct ConformanceSubject: Sendable {
    /// The provider type every instance reports.
    var type: SecretsProviderType
    /// The capabilities every instance reports; decide which checks apply.
    var capabilities: SecretsCapabilities
    /// A new provider that shares nothing with earlier ones and holds exactly `initial` (key to UTF-8 value).
    var make: @Sendable (_ initial: [String: String]) async throws -> any SecretsProvider

    /// Puts `initial` into a writable `provider` through its own API (with an audit trail nobody checks).
    static func seed(_ provider: any SecretsProvider, _ initial: [String: String]) async throws -> any SecretsProvider {
        let context = SecretsCallContext(caller: "seed", audit: RecordingAuditRecorder())
        for (key, value) in initial {
            try await provider.create(key, value: SecureBytes(copying: value.utf8), context: context)
        }
        return provider
    }
}

/// The behaviour every secrets provider must have, checked according to its capabilities.
///
/// A provider's test file runs `@Test(arguments: ProviderConformance.Check.applicable(to: capabilities))` and calls
/// ``run(_:)`` with its ``ConformanceSubject``; each check builds fresh providers, so checks run in parallel.
final class ProviderConformance: Sendable {
    /// One behaviour of the contract.
    enum Check: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case getReturnsTheStoredBytes
        case getOfAnUnknownKeyIsNil
        case createThenGetRoundTrips
        case createOfAnExistingKeyFailsAndKeepsTheValue
        case updateOfAnUnknownKeyIsNotFound
        case updateReplacesTheValue
        case deleteRemovesTheKey
        case deleteOfAnUnknownKeyIsNotFound
        case listIsSortedAndExact
        case cleanupRemovesEverything
        case excludedOperationsAreUnsupported
        case aFailingAuditMakesChangesFailAndChangeNothing
        case aFailingAuditMakesReadsFail
        case keysWithSpacesUnicodeAndSlashesRoundTrip
        case aValueOf64KiBRoundTrips

        var testDescription: String { rawValue }

        /// The checks that apply to a provider with `capabilities`.
        static func applicable(to capabilities: SecretsCapabilities) -> [Check] {
            allCases.filter { check in
                switch check {
                case .getReturnsTheStoredBytes, .getOfAnUnknownKeyIsNil, .aFailingAuditMakesReadsFail,
                    .keysWithSpacesUnicodeAndSlashesRoundTrip, .aValueOf64KiBRoundTrips:
                    capabilities.canRead
                case .createThenGetRoundTrips, .createOfAnExistingKeyFailsAndKeepsTheValue,
                    .updateOfAnUnknownKeyIsNotFound, .updateReplacesTheValue,
                    .aFailingAuditMakesChangesFailAndChangeNothing:
                    capabilities.canWrite && capabilities.canRead
                case .deleteRemovesTheKey, .deleteOfAnUnknownKeyIsNotFound:
                    capabilities.canDelete && capabilities.canRead
                case .listIsSortedAndExact: capabilities.canList
                case .cleanupRemovesEverything: capabilities.canCleanup && capabilities.canRead
                case .excludedOperationsAreUnsupported: capabilities != .readWrite
                }
            }
        }
    }

    let subject: ConformanceSubject
    let audit = RecordingAuditRecorder()
    private let made = Mutex<[any SecretsProvider]>([])

    init(_ subject: ConformanceSubject) {
        self.subject = subject
    }

    var context: SecretsCallContext { SecretsCallContext(caller: "conformance", audit: audit) }

    /// Runs `check`, then cleans up every provider it made (when the provider can).
    func run(_ check: Check) async throws {
        do {
            try await perform(check)
        } catch {
            await tearDown()
            throw error
        }
        await tearDown()
    }

    /// A fresh provider of the subject holding `initial`.
    func provider(_ initial: [String: String] = [:]) async throws -> any SecretsProvider {
        let provider = try await subject.make(initial)
        #expect(provider.type == subject.type)
        #expect(provider.capabilities == subject.capabilities)
        made.withLock { $0.append(provider) }
        return provider
    }

    private func tearDown() async {
        let context = SecretsCallContext(caller: "teardown", audit: RecordingAuditRecorder())
        for provider in made.withLock({ $0 }) where provider.capabilities.canCleanup {
            try? await provider.cleanup(context: context)
        }
    }

    private func perform(_ check: Check) async throws {
        switch check {
        case .getReturnsTheStoredBytes: try await getReturnsTheStoredBytes()
        case .getOfAnUnknownKeyIsNil: try await getOfAnUnknownKeyIsNil()
        case .createThenGetRoundTrips: try await createThenGetRoundTrips()
        case .createOfAnExistingKeyFailsAndKeepsTheValue: try await createOfAnExistingKeyFails()
        case .updateOfAnUnknownKeyIsNotFound: try await updateOfAnUnknownKeyIsNotFound()
        case .updateReplacesTheValue: try await updateReplacesTheValue()
        case .deleteRemovesTheKey: try await deleteRemovesTheKey()
        case .deleteOfAnUnknownKeyIsNotFound: try await deleteOfAnUnknownKeyIsNotFound()
        case .listIsSortedAndExact: try await listIsSortedAndExact()
        case .cleanupRemovesEverything: try await cleanupRemovesEverything()
        case .excludedOperationsAreUnsupported: try await excludedOperationsAreUnsupported()
        case .aFailingAuditMakesChangesFailAndChangeNothing: try await failingAuditChangesNothing()
        case .aFailingAuditMakesReadsFail: try await failingAuditFailsReads()
        case .keysWithSpacesUnicodeAndSlashesRoundTrip: try await unusualKeysRoundTrip()
        case .aValueOf64KiBRoundTrips: try await largeValueRoundTrips()
        }
    }
}

// MARK: - Assertions

extension ProviderConformance {
    /// An audit mark: the number of records so far.
    func mark() -> Int { audit.events.count }

    /// Checks that exactly `expected` records (operation, key, outcome) were written since `mark`, by this caller and
    /// provider type, and that none of them mentions `secret`.
    func expectRecords(
        since mark: Int,
        _ expected: [(AuditOperation, String?, AuditOutcome)],
        secret: String? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let recorded = Array(audit.events.dropFirst(mark))
        let wanted = expected.map { operation, key, outcome in
            AuditEvent(operation: operation, key: key, provider: subject.type, outcome: outcome, caller: "conformance")
        }
        #expect(recorded == wanted, sourceLocation: sourceLocation)
        if let secret {
            for event in recorded {
                #expect(!String(reflecting: event).contains(secret), sourceLocation: sourceLocation)
            }
        }
    }

    /// Checks that `body` throws a `HiveKeepError` with `code`, and that its message does not contain `secret`.
    func expectError(
        _ code: HiveKeepError.Code,
        secret: String? = nil,
        sourceLocation: SourceLocation = #_sourceLocation,
        _ body: () async throws -> Void
    ) async {
        do {
            try await body()
            Issue.record("expected a \(code) error, got success", sourceLocation: sourceLocation)
        } catch let error as HiveKeepError {
            #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
            if let secret {
                #expect(!error.description.contains(secret), sourceLocation: sourceLocation)
            }
        } catch {
            Issue.record("expected a \(code) HiveKeepError, got \(error)", sourceLocation: sourceLocation)
        }
    }

    /// The value of `key` as text, read with an audit trail nobody checks.
    func value(_ provider: any SecretsProvider, _ key: String) async throws -> String? {
        let quiet = SecretsCallContext(caller: "check", audit: RecordingAuditRecorder())
        return try await provider.get(key, context: quiet).map { bytes in
            bytes.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
        }
    }

    static func secure(_ text: String) throws -> SecureBytes {
        try SecureBytes(copying: text.utf8)
    }
}
