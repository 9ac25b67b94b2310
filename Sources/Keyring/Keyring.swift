import CLibSecret
import Foundation
import Logging

/// The desktop keyring (a Secret Service such as gnome-keyring, reached through libsecret over D-Bus).
///
/// Every call runs the blocking libsecret function on a thread of its own, never on the Swift concurrency pool,
/// and gives up with ``KeyringError/timeout`` after ``deadline`` even when D-Bus does not answer. Without a session
/// bus it fails with ``KeyringError/noSessionBus`` before calling libsecret; without a Secret Service with
/// ``KeyringError/noSecretService(_:)``; a locked default collection is reported as ``KeyringError/locked``, never
/// as "not found".
///
/// Headless use: run the program inside `dbus-run-session` with `gnome-keyring-daemon --unlock
/// --components=secrets` started first (see `scripts/keyring-session.sh`).
public struct Keyring: Sendable {
    /// The name of the environment variable that locates the D-Bus session bus.
    public static let sessionBusVariable = "DBUS_SESSION_BUS_ADDRESS"

    /// Reads a variable from this process's environment.
    public static let processEnvironment: @Sendable (String) -> String? = { name in
        ProcessInfo.processInfo.environment[name]
    }

    /// How long a caller waits for one operation before ``KeyringError/timeout``.
    public var deadline: Duration
    /// Where operations and failures are logged (never with a secret value).
    public var logger: Logger
    /// Reads environment variables; a seam so tests can check the refusal without a session bus.
    private let environment: @Sendable (String) -> String?

    /// Creates a keyring client.
    ///
    /// - Parameters:
    ///   - deadline: The longest a caller waits for one operation (default 2 s).
    ///   - logger: Receives debug logs of operations and warnings on timeouts.
    ///   - environment: Looks up environment variables (default: this process's environment). Only decides whether
    ///     a session bus is configured; libsecret itself always reads the real environment.
    public init(
        deadline: Duration = .seconds(2),
        logger: Logger = Logger(label: "hivekeep.keyring"),
        environment: @escaping @Sendable (String) -> String? = Keyring.processEnvironment
    ) {
        self.deadline = deadline
        self.logger = logger
        self.environment = environment
    }

    /// Runs `work` on a worker thread after checking that a session bus is configured.
    func perform<Value: Sendable>(
        _ operation: String,
        item: String? = nil,
        _ work: @escaping @Sendable (GCancellablePointer) throws(KeyringError) -> Value
    ) async throws -> Value {
        var metadata: Logger.Metadata = ["keyring.operation": "\(operation)"]
        if let item {
            metadata["keyring.item"] = "\(item)"
        }
        guard let address = environment(Self.sessionBusVariable), !address.isEmpty else {
            logger.debug("keyring refused: no session bus", metadata: metadata)
            throw KeyringError.noSessionBus
        }
        let start = ContinuousClock.now
        do {
            let value = try await BlockingCall.run(
                operation: operation, deadline: deadline, logger: logger, work)
            metadata["keyring.duration"] = "\(ContinuousClock.now - start)"
            logger.debug("keyring call succeeded", metadata: metadata)
            return value
        } catch {
            metadata["keyring.error"] = "\(error)"
            logger.debug("keyring call failed", metadata: metadata)
            throw error
        }
    }
}
