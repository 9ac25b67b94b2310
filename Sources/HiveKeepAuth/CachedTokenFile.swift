import HiveKeepStore
import Synchronization

/// A ``TokenFile`` checked on every request without reading it every time: the token is read again only when the
/// file's identity (inode, size, modification time) changes, which one `stat` tells. A rotation (an atomic rename,
/// so a new inode) is therefore seen by the very next request, and the common case costs one system call and a
/// constant-time compare.
public final class CachedTokenFile: Sendable {
    public let file: TokenFile
    private struct Snapshot {
        var identity: FileStatus
        var token: [UInt8]
    }
    private let snapshot = Mutex<Snapshot?>(nil)

    public init(_ file: TokenFile) { self.file = file }

    /// Whether `candidate` is the file's current token (constant time in the token's length). A missing or
    /// unreadable file matches nothing.
    public func matches(_ candidate: String) -> Bool {
        guard let identity = FileStatus.of(path: file.path) else {
            snapshot.withLock { $0 = nil }
            return false
        }
        let cached = snapshot.withLock { current -> [UInt8]? in
            guard let current, current.identity == identity else { return nil }
            return current.token
        }
        let token: [UInt8]
        if let cached {
            token = cached
        } else {
            guard let read = try? file.read() else { return false }
            token = Array(read.utf8)
            snapshot.withLock { $0 = Snapshot(identity: identity, token: token) }
        }
        return Self.constantTimeEqual(token, Array(candidate.utf8))
    }

    /// Equality whose running time depends only on the lengths (which are not secret).
    static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
        return difference == 0
    }
}
