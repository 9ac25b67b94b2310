import HiveKeepCore
import HiveKeepStore
import Sodium

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A random bearer token kept in one file (mode 0600, its directory 0700): the API token
/// (`$XDG_STATE_HOME/hivekeep/api-token`, or `HIVEKEEP_API_TOKEN_FILE`) and each workload proxy's token
/// (`<data>/statuses/<name>.token`, beside the workload's status).
///
/// A token is 256 random bits written as 64 lowercase hex digits. It is compared in constant time and never
/// logged. The file is re-read on every check, so a rotation takes effect at once in every process.
public struct TokenFile: Sendable, Hashable {
    public let path: String

    public init(path: String) { self.path = path }

    /// The API token's file for `paths`, or the file `HIVEKEEP_API_TOKEN_FILE` names.
    public static func apiToken(paths: HiveKeepPaths, environment: EnvironmentValues) -> TokenFile {
        if let explicit = environment["HIVEKEEP_API_TOKEN_FILE"], !explicit.isEmpty {
            return TokenFile(path: explicit)
        }
        return TokenFile(path: paths.stateDirectory + "/api-token")
    }

    /// The proxy token's file of workload `name`.
    public static func proxyToken(paths: HiveKeepPaths, workload name: String) -> TokenFile {
        TokenFile(path: paths.dataDirectory + "/statuses/\(name).token")
    }

    /// The token, or nil when the file does not exist.
    public func read() throws -> String? {
        guard let bytes = try FileSystem.readFile(path) else { return nil }
        let text = String(decoding: bytes, as: UTF8.self).trimmingWhitespace()
        guard !text.isEmpty else {
            throw HiveKeepError(.corruptState, "the token file \(path) is empty")
        }
        return text
    }

    /// The token, created (with its directory) when missing.
    @discardableResult
    public func ensure() throws -> String {
        if let token = try read() { return token }
        return try rotate()
    }

    /// Replaces the token with a new random one and returns it.
    @discardableResult
    public func rotate() throws -> String {
        try FileSystem.createDirectory(Self.parent(of: path), mode: 0o700)
        let token = try Self.newToken()
        try AtomicFile.write(Array((token + "\n").utf8), to: path, mode: 0o600)
        return token
    }

    /// Removes the file; a missing file is fine.
    public func remove() {
        unlink(path)
    }

    /// Whether `candidate` is the stored token, in constant time. A missing or unreadable file matches nothing.
    public func matches(_ candidate: String) -> Bool {
        guard let stored = try? read() else { return false }
        return Self.constantTimeEqual(stored, candidate)
    }

    /// Constant-time equality of two tokens (their lengths are not secret).
    public static func constantTimeEqual(_ lhs: String, _ rhs: String) -> Bool {
        let left = Array(lhs.utf8)
        let right = Array(rhs.utf8)
        guard left.count == right.count, let secure = try? SecureBytes(copying: left) else { return false }
        return secure.isEqual(to: right)
    }

    static func newToken() throws -> String {
        let digits = Array("0123456789abcdef".utf8)
        let bytes = try Random.bytes(count: 32)
        var text: [UInt8] = []
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}

extension String {
    fileprivate func trimmingWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
