import Foundation
import HiveKeepCore
import Logging

/// Reads an MCP Registry API (`GET <base>/v0.1/servers`, cursor-paginated) through the SSRF-checked fetcher and
/// turns its servers into a ToolHive registry document. Every page is capped in size by the fetcher; the listing is
/// capped at `maxServers` servers and `maxPages` pages, and a cursor that repeats ends it with an error.
struct RegistryAPIClient: Sendable {
    /// The most servers read from one API, as in the reference.
    static let maxServers = 10_000
    /// Servers asked for per page.
    static let pageLimit = 100
    /// The most pages read, a guard against a server that never stops paginating.
    static let maxPages = 2 * maxServers / pageLimit

    var fetcher: RegistryFetcher
    var logger: Logger

    /// Fetches only the first page, to check at PUT that `base` is reachable, allowed and speaks the API.
    func checkReachable(_ base: String, allowPrivate: Bool, caBundle: String?) async throws {
        _ = try await page(base, cursor: nil, allowPrivate: allowPrivate, caBundle: caBundle)
    }

    /// Every server of the API at `base`, converted; entries that cannot be converted are skipped.
    func document(_ base: String, allowPrivate: Bool, caBundle: String?) async throws -> RegistryDocument {
        var items: [UpstreamServerList.Item] = []
        var cursor: String?
        var seen: Set<String> = []
        for _ in 0..<Self.maxPages {
            let list = try await page(base, cursor: cursor, allowPrivate: allowPrivate, caBundle: caBundle)
            items += list.servers
            guard items.count < Self.maxServers, let next = list.metadata?.nextCursor, !next.isEmpty else { break }
            guard seen.insert(next).inserted else {
                throw HiveKeepError.invalid("registry API \(base) repeats the page cursor \(next)")
            }
            cursor = next
        }
        if items.count > Self.maxServers {
            logger.warning(
                "registry API lists too many servers; the rest are ignored",
                metadata: ["registry.api_url": "\(base)", "registry.limit": "\(Self.maxServers)"])
            items = Array(items.prefix(Self.maxServers))
        }
        return Self.document(from: items)
    }

    /// The registry document made of the convertible `items`. When a name is listed more than once (several
    /// versions), the one the registry marks as latest wins, otherwise the first.
    static func document(from items: [UpstreamServerList.Item]) -> RegistryDocument {
        var document = RegistryDocument(lastUpdated: Date.now.formatted(.iso8601))
        var latest: Set<String> = []
        for item in items {
            guard let entry = UpstreamConverter.entry(for: item) else { continue }
            let isLatest = item.official("isLatest") == .bool(true)
            let known = document.servers[entry.name] != nil || document.remoteServers[entry.name] != nil
            guard !known || (isLatest && !latest.contains(entry.name)) else { continue }
            if isLatest { latest.insert(entry.name) }
            document.servers[entry.name] = nil
            document.remoteServers[entry.name] = nil
            switch entry {
            case .image(let server): document.servers[entry.name] = server
            case .remote(let server): document.remoteServers[entry.name] = server
            }
        }
        return document
    }

    /// One page of the listing.
    func page(_ base: String, cursor: String?, allowPrivate: Bool, caBundle: String?) async throws
        -> UpstreamServerList
    {
        let url = Self.listURL(base, cursor: cursor)
        let data = try await fetcher.fetch(url, allowPrivate: allowPrivate, caBundle: caBundle)
        do {
            return try JSONDecoder().decode(UpstreamServerList.self, from: data)
        } catch {
            throw HiveKeepError.invalid(
                "registry API \(base) did not answer GET /v0.1/servers with an MCP Registry server list")
        }
    }

    /// The characters left as they are in a query value (RFC 3986 unreserved).
    static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// `<base>/v0.1/servers?limit=…&version=latest[&cursor=…]`.
    static func listURL(_ base: String, cursor: String?) -> String {
        var trimmed = base
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        var url = "\(trimmed)/v0.1/servers?limit=\(pageLimit)&version=latest"
        if let cursor {
            url += "&cursor=" + (cursor.addingPercentEncoding(withAllowedCharacters: unreserved) ?? cursor)
        }
        return url
    }
}
