import Foundation
import HiveKeepCore
import HiveKeepStore
import Logging

extension RegistryService {
    /// Reads, validates and decodes the registry file at `path`.
    func readFile(_ path: String) async throws -> RegistryDocument {
        let limit = fetcher.options.maxBytes
        let data = try await Blocking.run { () throws -> Data in
            guard let handle = FileHandle(forReadingAtPath: path) else {
                throw HiveKeepError.invalid("local registry file \(path) does not exist or cannot be read")
            }
            defer { try? handle.close() }
            let data = try handle.read(upToCount: limit + 1) ?? Data()
            guard data.count <= limit else {
                throw HiveKeepError.invalid("local registry file \(path) is larger than \(limit) bytes")
            }
            return data
        }
        return try RegistryLoader.load(data, origin: "local registry file \(path)")
    }

    /// Fetches, validates and decodes the registry at `url`.
    func fetch(_ url: String, allowPrivate: Bool, caBundle: String?) async throws -> RegistryDocument {
        let data = try await fetcher.fetch(url, allowPrivate: allowPrivate, caBundle: caBundle)
        let document = try RegistryLoader.load(data, origin: "the registry at \(url)")
        urlCache[url] = (document, ContinuousClock.now)
        return document
    }

    /// The document at `url` from the cache while it is fresh; fetched again after that, falling back to the stale
    /// copy when the fetch fails.
    func cachedURL(_ url: String, settings: HiveKeepConfig.RegistrySettings) async throws -> RegistryDocument {
        try await cached(url, lifetime: Self.urlCacheLifetime) {
            try await fetch(url, allowPrivate: settings.allowPrivateIP ?? false, caBundle: settings.caCertPath)
        }
    }

    /// The servers of the MCP Registry API at `base` from the cache while it is fresh (an hour by default); read
    /// again after that, falling back to the stale copy when the API cannot be read.
    func cachedAPI(_ base: String, settings: HiveKeepConfig.RegistrySettings) async throws -> RegistryDocument {
        try await cached(Self.apiCacheKey(base), lifetime: fetcher.options.apiCacheLifetime) {
            try await api.document(base, allowPrivate: settings.allowPrivateIP ?? false, caBundle: settings.caCertPath)
        }
    }

    static func apiCacheKey(_ base: String) -> String { "api " + base }

    /// The cached document under `key` while it is younger than `lifetime`; otherwise `load()`, cached, or the
    /// stale copy when `load()` fails.
    func cached(
        _ key: String, lifetime: Duration, load: () async throws -> RegistryDocument
    ) async throws -> RegistryDocument {
        if let cached = urlCache[key], ContinuousClock.now - cached.fetched < lifetime {
            return cached.document
        }
        do {
            let document = try await load()
            urlCache[key] = (document, ContinuousClock.now)
            return document
        } catch {
            guard let stale = urlCache[key] else { throw error }
            logger.warning(
                "registry fetch failed; using the last fetched copy",
                metadata: ["registry.source": "\(key)", "error": "\(error)"])
            return stale.document
        }
    }
}
