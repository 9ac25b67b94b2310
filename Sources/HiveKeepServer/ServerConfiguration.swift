import HiveKeepAuth
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
    /// How callers on TCP (and socket peers of another user) authenticate.
    public var authMode: AuthMode
    /// The PEM certificate chain and private key files of the TLS listener; nil serves plain HTTP (loopback only).
    public var tls: TLSFiles?
    /// Host names (besides loopback names, the bound address and, for a wildcard bind, this machine's addresses)
    /// that the `Host` header may carry.
    public var allowedHosts: [String]
    /// Open connections and request timeouts.
    public var connectionLimits = APIConnectionLimits()

    /// The files of a TLS listener.
    public struct TLSFiles: Sendable, Hashable {
        public var certificateChain: String
        public var privateKey: String
        public init(certificateChain: String, privateKey: String) {
            self.certificateChain = certificateChain
            self.privateKey = privateKey
        }
    }

    public init(
        listen: Listen = .tcp(host: "127.0.0.1", port: 8080),
        allowedOrigins: [String] = [],
        maxBodyBytes: Int = 1 << 20,
        paths: HiveKeepPaths,
        authMode: AuthMode = .token,
        tls: TLSFiles? = nil,
        allowedHosts: [String] = []
    ) {
        self.listen = listen
        self.allowedOrigins = allowedOrigins
        self.maxBodyBytes = maxBodyBytes
        self.paths = paths
        self.authMode = authMode
        self.tls = tls
        self.allowedHosts = allowedHosts
    }

    /// Checks the settings before anything is bound: a non-loopback host needs TLS and an authentication mode other
    /// than `none`; `none` is for loopback and the socket only; origins must be well formed.
    public func validate() throws {
        if case .tcp(let host, let port) = listen {
            if !LoopbackHost.isLoopback(host) {
                guard tls != nil else {
                    throw HiveKeepError.invalid(
                        "refusing to listen on \(host) without TLS: a non-loopback address needs --tls-cert and "
                            + "--tls-key (PEM), or use 127.0.0.1, ::1, localhost, or --socket PATH"
                    )
                }
                guard authMode != .none else {
                    throw HiveKeepError.invalid(
                        "refusing to listen on \(host) with --auth none: without authentication the API is for "
                            + "loopback or the Unix socket only; use --auth token or --auth oidc"
                    )
                }
            }
            guard (0...65535).contains(port) else { throw HiveKeepError.invalid("port \(port) is out of range") }
        }
        for host in allowedHosts where host.isEmpty || host.contains("/") || host.contains(" ") {
            throw HiveKeepError.invalid("allowed host '\(host)' is not a host name or address")
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
