import HiveKeepCore
import HiveKeepStore

/// How `hivekeep serve` listens and whom it answers.
public struct ServerConfiguration: Sendable {
    /// Where the server listens.
    public enum Listen: Sendable, Hashable {
        case tcp(host: String, port: Int)
        case unixSocket(path: String)
    }

    public var listen: Listen
    /// Origins (scheme://host[:port]) that browsers may call the API from, besides the server's own.
    public var allowedOrigins: [String]
    /// Requests with larger bodies are refused with 413 before any handler runs.
    public var maxBodyBytes: Int
    /// HiveKeep's directories.
    public var paths: HiveKeepPaths

    public init(
        listen: Listen = .tcp(host: "127.0.0.1", port: 8080),
        allowedOrigins: [String] = [],
        maxBodyBytes: Int = 1 << 20,
        paths: HiveKeepPaths
    ) {
        self.listen = listen
        self.allowedOrigins = allowedOrigins
        self.maxBodyBytes = maxBodyBytes
        self.paths = paths
    }

    /// Checks the settings before anything is bound: a non-loopback host needs authentication, which HiveKeep does
    /// not have yet, and origins must be well formed.
    public func validate() throws {
        if case .tcp(let host, let port) = listen {
            guard LoopbackHost.isLoopback(host) else {
                throw HiveKeepError.invalid(
                    "refusing to listen on \(host): it is not a loopback address and API authentication is not "
                        + "available yet; use 127.0.0.1, ::1, localhost, or --socket PATH"
                )
            }
            guard (0...65535).contains(port) else { throw HiveKeepError.invalid("port \(port) is out of range") }
        }
        for origin in allowedOrigins where OriginPolicy.normalize(origin) == nil {
            throw HiveKeepError.invalid(
                "allowed origin '\(origin)' is not of the form scheme://host[:port] (for example http://localhost:3000)"
            )
        }
    }
}

/// Recognizes loopback host names and addresses.
public enum LoopbackHost {
    /// Whether `host` (a name or an address, IPv6 with or without brackets) is loopback.
    public static func isLoopback(_ host: String) -> Bool {
        var name = host.lowercased()
        if name.hasPrefix("[") && name.hasSuffix("]") { name = String(name.dropFirst().dropLast()) }
        if name == "localhost" || name.hasSuffix(".localhost") || name == "::1" { return true }
        let octets = name.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4, octets[0] == "127" else { return false }
        return octets.allSatisfy { UInt8($0) != nil }
    }
}
