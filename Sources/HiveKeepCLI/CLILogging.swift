import ArgumentParser
import Logging
import Synchronization

/// Sets up swift-log once for the process; libraries only ever take a `Logger`.
enum CLILogging {
    private static let bootstrapped = Mutex(false)

    /// Sends log records at `level` and above to standard error.
    static func bootstrap(level: Logger.Level) {
        let first = bootstrapped.withLock { done in
            defer { done = true }
            return !done
        }
        guard first else { return }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
