import Foundation
import HiveKeepCore
import NIOCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Prepares and secures the path of the API's Unix socket.
public enum UnixSocket {
    /// The longest path a Unix socket address can hold (sun_path, minus the terminating NUL).
    static let maxPathLength = 107

    /// Makes `path` free for binding: a missing path is fine; a stale socket (nobody answers) is removed; anything
    /// else, a live socket or a file that is not a socket, is an error and is left alone.
    public static func prepare(_ path: String) throws {
        guard path.utf8.count <= maxPathLength else {
            throw HiveKeepError.invalid("socket path is \(path.utf8.count) bytes; at most \(maxPathLength) fit")
        }
        // attributesOfItem does not follow a symbolic link (lstat), so a link is "not a socket" and left alone.
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: path)
        } catch CocoaError.fileReadNoSuchFile {
            return
        } catch {
            guard FileManager.default.fileExists(atPath: path) || isSymbolicLink(path) else { return }
            throw HiveKeepError.invalid("cannot inspect \(path)")
        }
        guard attributes[.type] as? FileAttributeType == .typeSocket else {
            throw HiveKeepError.invalid("\(path) exists and is not a socket; refusing to replace it")
        }
        if isAnswering(path) {
            throw HiveKeepError(.conflict, "another server is listening on \(path)")
        }
        guard unlink(path) == 0 || errno == ENOENT else {
            throw HiveKeepError.invalid("cannot remove stale socket \(path): \(String(cString: strerror(errno)))")
        }
    }

    private static func isSymbolicLink(_ path: String) -> Bool {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) != nil
    }

    /// Sets the socket's mode to 0660 (owner and group may connect).
    public static func secure(_ path: String) throws {
        guard chmod(path, 0o660) == 0 else {
            throw HiveKeepError(.unavailable, "cannot set the mode of \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// Whether a server accepts connections on the socket at `path`.
    static func isAnswering(_ path: String) -> Bool {
        #if canImport(Glibc)
            let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let fd = socket(AF_UNIX, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in path.utf8.prefix(maxPathLength).enumerated() { buffer[index] = byte }
        }
        let result = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        return result == 0
    }
}

/// The process at the other end of a Unix socket connection, as the kernel reports it when asked (SO_PEERCRED on
/// Linux, LOCAL_PEERCRED on macOS): its user, and on Linux its process id.
public struct UnixPeer: Sendable, Hashable {
    /// The peer's effective user id when it connected.
    public var userID: UInt32
    /// The peer's process id (Linux only).
    public var processID: Int32?

    public init(userID: UInt32, processID: Int32? = nil) {
        self.userID = userID
        self.processID = processID
    }

    /// The peer of the connected Unix socket under `provider` (a connection's channel); nil when the channel is not
    /// a socket or the kernel does not say.
    public static func of(_ provider: any SocketOptionProvider) async -> UnixPeer? {
        #if os(Linux)
            // struct ucred { pid_t pid; uid_t uid; gid_t gid; }: Glibc's Swift overlay does not export it, and a
            // tuple has C layout.
            typealias Credentials = (pid: Int32, uid: UInt32, gid: UInt32)
            let future: EventLoopFuture<Credentials> = provider.unsafeGetSocketOption(
                level: NIOBSDSocket.OptionLevel(rawValue: SOL_SOCKET), name: NIOBSDSocket.Option(rawValue: SO_PEERCRED))
            guard let credentials = try? await future.get() else { return nil }
            return UnixPeer(userID: credentials.uid, processID: credentials.pid)
        #elseif canImport(Darwin)
            // struct xucred { u_int cr_version; uid_t cr_uid; short cr_ngroups; gid_t cr_groups[16]; }, at
            // SOL_LOCAL (0) / LOCAL_PEERCRED (1).
            typealias Credentials = (
                version: UInt32, uid: UInt32, groupCount: Int16,
                groups: (
                    UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32,
                    UInt32, UInt32, UInt32, UInt32
                )
            )
            let future: EventLoopFuture<Credentials> = provider.unsafeGetSocketOption(
                level: NIOBSDSocket.OptionLevel(rawValue: 0), name: NIOBSDSocket.Option(rawValue: 1))
            guard let credentials = try? await future.get() else { return nil }
            return UnixPeer(userID: credentials.uid)
        #else
            return nil
        #endif
    }

    /// Whether this peer may have what the server signs with its key: only the user the server runs as, or root.
    /// The socket is 0660, so members of its group can connect but do not get signatures.
    public func maySign(serverUserID: UInt32 = getuid()) -> Bool {
        userID == serverUserID || userID == 0
    }
}
