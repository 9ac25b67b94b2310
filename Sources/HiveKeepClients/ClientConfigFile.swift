import HiveKeepCore
import HiveKeepStore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A user's client configuration file, changed safely: through symlinks, keeping mode and owner, and never over
/// a change that someone else (Claude Code rewrites its own file) made since it was read.
///
/// `edit` reads the file, computes the new bytes, then takes `<file>.lock` (the reference's lock) and checks that
/// size, modification time, inode and content are still what was read; if not it starts over (a few times). The
/// new content goes to a temporary file beside the target that gets the target's mode and owner, is synced and
/// renamed over it. A missing file is created 0600, its missing directories 0700. Blocking: call from
/// `Blocking.run`. A writer that does not take the lock can still slip in between the check and the rename; the
/// window is a few system calls.
public struct ClientConfigFile: Sendable {
    /// The path the client uses (it may be a symlink).
    public let path: String
    /// How many times a concurrent change is retried before giving up.
    public var attempts = 5

    public init(path: String) { self.path = path }

    /// What a read saw; equal snapshots mean the file did not change in between.
    struct Snapshot: Equatable {
        var bytes: [UInt8]
        var size: Int
        var inode: UInt64
        var modified: Modified

        /// A modification time, to the nanosecond.
        struct Modified: Equatable {
            var seconds: Int
            var nanoseconds: Int
        }

        static func == (lhs: Snapshot, rhs: Snapshot) -> Bool {
            lhs.size == rhs.size && lhs.inode == rhs.inode && lhs.modified == rhs.modified && lhs.bytes == rhs.bytes
        }
    }

    /// Replaces the file's bytes with `transform(bytes)` (`[]` for a missing file); returns whether it wrote.
    @discardableResult
    public func edit(_ transform: ([UInt8]) throws -> [UInt8]) throws -> Bool {
        let target = try ClientFileIO.resolveSymlinks(path)
        for _ in 0..<attempts {
            let before = try ClientFileIO.snapshot(target)
            let updated = try transform(before?.bytes ?? [])
            if updated == (before?.bytes ?? []) && (before != nil || updated.isEmpty) { return false }
            try FileSystem.createDirectory(AtomicFile.parentDirectory(of: target), mode: 0o700)
            let written = try FileLock(guarding: target).withLock { () throws -> Bool in
                guard try ClientFileIO.snapshot(target) == before else { return false }
                try ClientFileIO.replace(target, with: updated)
                return true
            }
            if written { return true }
        }
        throw HiveKeepError(.unavailable, "\(path) kept changing while HiveKeep was editing it; try again")
    }

    /// The file's current bytes, or nil when it does not exist.
    public func read() throws -> [UInt8]? {
        try ClientFileIO.snapshot(try ClientFileIO.resolveSymlinks(path))?.bytes
    }
}
