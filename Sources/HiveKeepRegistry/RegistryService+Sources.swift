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
        if let cached = urlCache[url], ContinuousClock.now - cached.fetched < Self.urlCacheLifetime {
            return cached.document
        }
        do {
            return try await fetch(url, allowPrivate: settings.allowPrivateIP ?? false, caBundle: settings.caCertPath)
        } catch {
            guard let stale = urlCache[url] else { throw error }
            logger.warning(
                "registry fetch failed; using the last fetched copy",
                metadata: ["registry.url": "\(url)", "error": "\(error)"])
            return stale.document
        }
    }
}
