import Logging
import Synchronization

/// Collects every log record of one logger as `LEVEL message key=value...` lines.
final class LogCapture: Sendable {
    private let lines = Mutex<[(Logger.Level, String)]>([])

    var logger: Logger {
        var logger = Logger(label: "capture") { _ in Handler(capture: self) }
        logger.logLevel = .trace
        return logger
    }

    var all: [String] { lines.withLock { $0.map(\.1) } }
    var warnings: [String] { lines.withLock { $0.filter { $0.0 >= .warning }.map(\.1) } }

    fileprivate func record(_ level: Logger.Level, _ line: String) {
        lines.withLock { $0.append((level, line)) }
    }

    private struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
            let pairs = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            capture.record(event.level, ([event.level.rawValue, "\(event.message)"] + pairs).joined(separator: " "))
        }
    }
}
