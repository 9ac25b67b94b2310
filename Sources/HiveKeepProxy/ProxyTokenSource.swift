import Foundation
import HiveKeepAuth
import Synchronization

/// A workload proxy's own token, read from its ``TokenFile`` and kept in memory.
///
/// The file is read when the source is made and read again at most once per ``refreshInterval`` when a request
/// checks a token, so a rotation (`hivekeep proxy-token NAME --rotate`) takes effect within about a second without a
/// file read per request. A file that disappears (the workload was deleted) matches nothing from the next refresh.
public final class ProxyTokenSource: Sendable {
    /// How long a read token is trusted before the file is read again.
    public static let refreshInterval: Duration = .seconds(1)

    private let file: TokenFile
    private let cache: Mutex<(bytes: [UInt8]?, readAt: ContinuousClock.Instant)>

    /// Reads `file` now; throws when it cannot be read (a missing file gives a source that matches nothing).
    public init(file: TokenFile) throws {
        self.file = file
        let bytes = try file.read().map { Array($0.utf8) }
        cache = Mutex((bytes, ContinuousClock.now))
    }

    /// Whether `candidate` is the current token, compared in constant time.
    public func matches(_ candidate: some Collection<UInt8>) -> Bool {
        let now = ContinuousClock.now
        let stored = cache.withLock { cache -> [UInt8]? in
            if now - cache.readAt >= Self.refreshInterval {
                // An unreadable file matches nothing until it can be read again.
                cache = ((try? file.read()).flatMap { $0.map { Array($0.utf8) } }, now)
            }
            return cache.bytes
        }
        guard let stored else { return false }
        return Self.constantTimeEqual(stored, candidate)
    }

    /// Equality whose time depends only on the lengths (which are not secret: every token is 64 hex digits).
    static func constantTimeEqual(_ stored: [UInt8], _ candidate: some Collection<UInt8>) -> Bool {
        guard stored.count == candidate.count else { return false }
        var difference: UInt8 = 0
        for (left, right) in zip(stored, candidate) { difference |= left ^ right }
        return difference == 0
    }
}
