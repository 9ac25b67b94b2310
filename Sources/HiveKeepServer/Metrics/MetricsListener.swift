import HiveKeepCore
import HiveKeepWorkloads
import Hummingbird
import Logging
import NIOCore

/// `hivekeep serve --metrics-listen HOST:PORT`: a second listener, loopback only, that serves `GET /metrics` without
/// a credential (for a scraper on the same host that holds no token) and nothing else. A request whose `Host` is not
/// a loopback name is refused (403), so a web page cannot read it through DNS rebinding.
public enum MetricsListener {
    /// Parses `HOST:PORT` (`[::1]:PORT` for IPv6); a host that is not loopback or a bad port is a clear error.
    public static func address(parsing text: String) throws -> (host: String, port: Int) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (1...65535).contains(port)
        else {
            throw HiveKeepError.invalid("--metrics-listen needs HOST:PORT with a port from 1 to 65535, not '\(text)'")
        }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard LoopbackHost.isLoopback(host) else {
            throw HiveKeepError.invalid(
                "--metrics-listen serves without a credential, so only on loopback (127.0.0.1, ::1), not '\(host)'")
        }
        return (host, port)
    }

    /// The router: `GET /metrics` from `dependencies`' metrics and workloads; 404 for anything else.
    public static func router(dependencies: ServerDependencies) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        let controller = MetricsController(metrics: dependencies.metrics, workloads: dependencies.workloads)
        router.get("/metrics") { request, _ in
            if let host = request.head.authority, !LoopbackHost.isLoopback(hostPart(of: host)) {
                return Response(status: .forbidden)
            }
            return await controller.exposition()
        }
        return router
    }

    /// The listener's application on `host`:`port` (from ``address(parsing:)``).
    public static func application(
        host: String, port: Int, dependencies: ServerDependencies, logger: Logger
    ) -> some ApplicationProtocol {
        Application(
            router: router(dependencies: dependencies),
            configuration: .init(address: .hostname(host, port: port), serverName: "HiveKeep metrics"),
            logger: logger)
    }

    /// The host of an HTTP authority (`name:port`, `[v6]:port`).
    static func hostPart(of authority: String) -> String {
        if authority.hasPrefix("["), let end = authority.firstIndex(of: "]") {
            return String(authority[...end])
        }
        return String(authority.split(separator: ":", maxSplits: 1).first ?? "")
    }
}
